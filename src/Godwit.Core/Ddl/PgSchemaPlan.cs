using System.Text;
using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.Core.Types;

namespace Godwit.Core.Ddl;

/// <summary>When a statement runs relative to the bulk copy.</summary>
public enum DdlPhase
{
    /// <summary>Before the copy: schema, enum types, tables (columns, defaults, identity, NOT NULL).</summary>
    PreData,

    /// <summary>After the copy: keys, indexes, checks, FKs, identity restarts, views, comments, triggers.</summary>
    PostData,
}

public enum DdlObjectKind
{
    Schema,
    Type,
    Table,
    PrimaryKey,
    Unique,
    Index,
    Check,
    ForeignKey,
    IdentityRestart,
    View,
    Comment,
    Trigger,
}

/// <summary>One DDL statement; <see cref="Optional"/> ones (views) may fail without failing the schema.</summary>
public sealed record DdlStatement(DdlPhase Phase, DdlObjectKind Kind, string Object, string Sql)
{
    public bool Optional { get; init; }

    /// <summary>The target table the statement creates or alters, when it belongs to one.</summary>
    public string? Table { get; init; }
}

public enum NoteSeverity
{
    Info,
    Warning,
}

/// <summary>Something schema translation could not do as-is, or renamed; assess and <c>godwit schema</c> report these.</summary>
public sealed record SchemaNote(NoteSeverity Severity, string Where, string What, string? Fix = null);

/// <summary>How one source column lands on the target: its PostgreSQL name and cast.</summary>
public sealed record PgColumnMapping(SourceColumn Source, string Name, ColumnCast Cast)
{
    /// <summary>A generated column on the target: the copy must not write it.</summary>
    public bool IsGeneratedOnTarget { get; init; }

    public bool IsIdentity { get; init; }
}

/// <summary>How one source table lands on the target.</summary>
public sealed record PgTableMapping(SourceTable Source, string Schema, string Name, IReadOnlyList<PgColumnMapping> Columns)
{
    public string QualifiedName => PgIdentifier.Qualify(Schema, Name);

    /// <summary>The columns the copy writes, in order (generated-on-target columns left out).</summary>
    public IEnumerable<PgColumnMapping> CopyColumns => Columns.Where(c => !c.IsGeneratedOnTarget);
}

/// <summary>The translated schema: statements by phase, the name/cast mapping copy and CDC use, and notes.</summary>
public sealed record PgSchemaPlan
{
    public required string TargetSchema { get; init; }

    public required IReadOnlyList<DdlStatement> Statements { get; init; }

    public required IReadOnlyList<PgTableMapping> Tables { get; init; }

    public required IReadOnlyList<SchemaNote> Notes { get; init; }

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

/// <summary>Options of schema translation.</summary>
public sealed record DdlOptions
{
    /// <summary>The target schema; null means the source database's name (case-folded).</summary>
    public string? TargetSchema { get; init; }

    public IdentifierCase IdentifierCase { get; init; } = IdentifierCase.Lower;

    /// <summary>Emit triggers that emulate ON UPDATE CURRENT_TIMESTAMP.</summary>
    public bool OnUpdateTriggers { get; init; }

    public string ResolveTargetSchema(string sourceDatabase) =>
        TargetSchema ?? PgIdentifier.Fit(PgIdentifier.Fold(sourceDatabase, IdentifierCase));
}
