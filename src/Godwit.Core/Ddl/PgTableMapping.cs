using Godwit.Core.Schema;

namespace Godwit.Core.Ddl;

/// <summary>How one source table lands on the target.</summary>
public sealed record PgTableMapping(SourceTable Source, string Schema, string Name, IReadOnlyList<PgColumnMapping> Columns)
{
    public string QualifiedName => PgIdentifier.Qualify(Schema, Name);

    /// <summary>
    /// The target table's key within the migration: its name, or <c>schema.name</c> for a source of several schemas
    /// (<see cref="SourceTable.KeyedBySchema"/>); what the plan's statements name a table by (<see cref="DdlStatement.Table"/>).
    /// </summary>
    public string TargetKey => Source.KeyedBySchema ? $"{Schema}.{Name}" : Name;

    /// <summary>The columns the copy writes, in order (generated-on-target columns left out).</summary>
    public IEnumerable<PgColumnMapping> CopyColumns => Columns.Where(c => !c.IsGeneratedOnTarget);
}
