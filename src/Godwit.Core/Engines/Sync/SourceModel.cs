using Godwit.Cli.Commands;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.Core.Types;
using Godwit.MySql;
using Godwit.MySql.Binlog;

namespace Godwit.Cli.Sync;

/// <summary>
/// The source schema as the stream applies it: introspected and translated exactly as <c>godwit schema</c> and
/// <c>godwit migrate</c> do (same filter, rules and naming), so each change is converted like the copy's rows.
/// Reloaded after every DDL the stream applies. It is the schema now, which may be ahead of the stream's position:
/// <see cref="LoggedTableMapping"/> uses the TABLE_MAP where they differ.
/// </summary>
internal sealed record SourceModel(SourceDatabase Database, PgSchemaPlan Plan, MigrationSpec Spec, CastRuleEngine Rules)
{
    public IdentifierCase IdentifierCase => Spec.Options.IdentifierCase ?? IdentifierCase.Lower;

    public static async Task<SourceModel> LoadAsync(MySqlConnectionSettings settings, string database, MigrationSpec spec, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(settings, cancellationToken);
        var db = await SchemaSupport.IntrospectAsync(connection, database, spec, cancellationToken);
        var (_, plan) = SchemaSupport.Plan(db, spec);
        var rules = new CastRuleEngine(spec.Rules, spec.Origin, new CastOptions
        {
            TargetSchema = plan.TargetSchema,
            IdentifierCase = spec.Options.IdentifierCase ?? IdentifierCase.Lower,
        });
        return new SourceModel(db, plan, spec, rules);
    }

    /// <summary>The target name the schema translation gives a source table or column name (folding, 63-byte fit).</summary>
    public string TargetName(string sourceName) => PgIdentifier.Fit(PgIdentifier.Fold(sourceName, IdentifierCase));

    /// <summary>Whether the spec's <c>tables: include/exclude</c> select a table of this name (one that may no longer exist).</summary>
    public bool Selects(string table) =>
        SchemaSupport.Filter(Database with { Tables = [new SourceTable { Schema = Database.Name, Name = table }] }, Spec).Tables.Count > 0;

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
