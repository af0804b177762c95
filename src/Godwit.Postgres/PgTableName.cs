using Godwit.Core.Ddl;

namespace Godwit.Postgres;

/// <summary>A table of a PostgreSQL database by schema and name (a migration may move tables of several schemas).</summary>
internal sealed record PgTableName(string Schema, string Name)
{
    /// <summary>Quoted and qualified, for SQL.</summary>
    public string Qualified => PgIdentifier.Qualify(Schema, Name);

    /// <summary>The schemas and the names as two parallel arrays, for <c>unnest($1::text[], $2::text[])</c>.</summary>
    public static (string[] Schemas, string[] Names) Arrays(IEnumerable<PgTableName> tables)
    {
        var list = tables.ToList();
        return ([.. list.Select(t => t.Schema)], [.. list.Select(t => t.Name)]);
    }

    public override string ToString() => $"{Schema}.{Name}";
}
