namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>
/// One logged column as the MySQL apply writes it: its place in the row image, the target column, and the PostgreSQL
/// type its text is in when the source is PostgreSQL (null for a MySQL source, whose text the target parses as it is).
/// </summary>
internal sealed record MySqlApplyColumn(int Ordinal, MySqlTargetColumn Target, string? PgType)
{
    public string Quoted => Core.Ddl.MySqlIdentifier.Quote(Target.Name);
}
