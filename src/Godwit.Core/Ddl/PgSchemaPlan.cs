using System.Text;

namespace Godwit.Core.Ddl;

/// <summary>The translated schema: statements by phase, the name/cast mapping copy and CDC use, and notes.</summary>
public sealed record PgSchemaPlan
{
    /// <summary>
    /// The target schema; for a PostgreSQL source of several schemas, the name the migration goes by (the source
    /// database's), each table then landing in the schema of its own name (<see cref="TargetSchemas"/>).
    /// </summary>
    public required string TargetSchema { get; init; }

    /// <summary>The schemas the tables land in: <see cref="TargetSchema"/> alone, or each source schema of a PostgreSQL source of several.</summary>
    public IReadOnlyList<string> TargetSchemas
    {
        get => field.Count > 0 ? field : [TargetSchema];
        init;
    } = [];

    /// <summary>
    /// Whether tables and the statements' objects are named by schema and name (<c>sales.orders</c>): a PostgreSQL
    /// source of several schemas (<see cref="Schema.SourceDatabase.KeysBySchema"/>).
    /// </summary>
    public bool KeysBySchema { get; init; }

    /// <summary>The key an object of <paramref name="schema"/> named <paramref name="name"/> has in this plan.</summary>
    public string KeyOf(string schema, string name) => KeysBySchema ? $"{schema}.{name}" : name;

    public required IReadOnlyList<DdlStatement> Statements { get; init; }

    public required IReadOnlyList<PgTableMapping> Tables { get; init; }

    public required IReadOnlyList<SchemaNote> Notes { get; init; }

    /// <summary>Views, triggers and routines left untranslated, each with its original body and the reason.</summary>
    public IReadOnlyList<UntranslatedObject> Untranslated { get; init; } = [];

    public IEnumerable<DdlStatement> PreData => Statements.Where(s => s.Phase == DdlPhase.PreData);

    public IEnumerable<DdlStatement> PostData => Statements.Where(s => s.Phase == DdlPhase.PostData);

    /// <summary>A table's mapping by its key within the migration (<see cref="Schema.SourceTable.Key"/>).</summary>
    public PgTableMapping Table(string sourceKey) =>
        Tables.FirstOrDefault(t => string.Equals(t.Source.Key, sourceKey, StringComparison.Ordinal))
        ?? Tables.First(t => string.Equals(t.Source.Key, sourceKey, StringComparison.OrdinalIgnoreCase));

    /// <summary>The whole script, pre-data then post-data, with phase headers; what <c>godwit schema --dry-run</c> prints.</summary>
    public string ToScript()
    {
        var sb = new StringBuilder();
        foreach (var phase in new[] { DdlPhase.PreData, DdlPhase.PostData })
        {
            sb.Append("-- ").Append(phase == DdlPhase.PreData ? "pre-data: schema, types, tables" : "post-data: keys, indexes, constraints, foreign keys, identity, views, comments").Append('\n');
            foreach (var s in Statements.Where(s => s.Phase == phase))
            {
                sb.Append(s.Sql).Append(";\n");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
