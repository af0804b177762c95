using Godwit.Core.Schema;

namespace Godwit.Core.Ddl;

/// <summary>How one source table lands on the target.</summary>
public sealed record PgTableMapping(SourceTable Source, string Schema, string Name, IReadOnlyList<PgColumnMapping> Columns)
{
    public string QualifiedName => PgIdentifier.Qualify(Schema, Name);

    /// <summary>The columns the copy writes, in order (generated-on-target columns left out).</summary>
    public IEnumerable<PgColumnMapping> CopyColumns => Columns.Where(c => !c.IsGeneratedOnTarget);
}
