using System.Text;

namespace Godwit.Core.Ddl;

/// <summary>The translated schema: statements by phase, the name/cast mapping copy and CDC use, and notes.</summary>
public sealed record PgSchemaPlan
{
    public required string TargetSchema { get; init; }

    public required IReadOnlyList<DdlStatement> Statements { get; init; }

    public required IReadOnlyList<PgTableMapping> Tables { get; init; }

    public required IReadOnlyList<SchemaNote> Notes { get; init; }

    /// <summary>Views, triggers and routines left untranslated, each with its original body and the reason.</summary>
    public IReadOnlyList<UntranslatedObject> Untranslated { get; init; } = [];

    public IEnumerable<DdlStatement> PreData => Statements.Where(s => s.Phase == DdlPhase.PreData);

    public IEnumerable<DdlStatement> PostData => Statements.Where(s => s.Phase == DdlPhase.PostData);

    public PgTableMapping Table(string sourceName) =>
        Tables.FirstOrDefault(t => string.Equals(t.Source.Name, sourceName, StringComparison.Ordinal))
        ?? Tables.First(t => string.Equals(t.Source.Name, sourceName, StringComparison.OrdinalIgnoreCase));

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
