using Godwit.Cli.Commands;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.MySql;
using Godwit.MySql.Binlog;

namespace Godwit.Cli.Sync;

/// <summary>
/// The source schema as the stream applies it: introspected and translated exactly as <c>godwit schema</c> and
/// <c>godwit migrate</c> do (same filter, rules and naming), so each change is converted like the copy's rows.
/// Reloaded after every DDL the stream applies.
/// </summary>
internal sealed record SourceModel(SourceDatabase Database, PgSchemaPlan Plan)
{
    public static async Task<SourceModel> LoadAsync(MySqlConnectionSettings settings, string database, MigrationSpec spec, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(settings, cancellationToken);
        var db = await SchemaSupport.IntrospectAsync(connection, database, spec, cancellationToken);
        var (_, plan) = SchemaSupport.Plan(db, spec);
        return new SourceModel(db, plan);
    }

    public PgTableMapping? Table(string sourceTable) =>
        Plan.Tables.FirstOrDefault(t => string.Equals(t.Source.Name, sourceTable, StringComparison.Ordinal))
        ?? Plan.Tables.FirstOrDefault(t => string.Equals(t.Source.Name, sourceTable, StringComparison.OrdinalIgnoreCase));

    /// <summary>MariaDB UUID/INET columns look like BINARY(n) in the binlog: name them so their values come out as text.</summary>
    public void FillHints(BinlogColumnHints hints)
    {
        foreach (var table in Database.Tables)
        {
            foreach (var column in table.Columns)
            {
                var hint = column.Type.Family switch
                {
                    MySqlTypeFamily.Uuid => BinlogColumnHint.Uuid,
                    MySqlTypeFamily.Inet4 => BinlogColumnHint.Inet4,
                    MySqlTypeFamily.Inet6 => BinlogColumnHint.Inet6,
                    _ => BinlogColumnHint.None,
                };
                if (hint != BinlogColumnHint.None)
                {
                    hints.Set(Database.Name, table.Name, column.Name, hint);
                }
            }
        }
    }
}
