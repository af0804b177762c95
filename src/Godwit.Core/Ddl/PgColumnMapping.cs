using Godwit.Core.Schema;
using Godwit.Core.Types;

namespace Godwit.Core.Ddl;

/// <summary>How one source column lands on the target: its PostgreSQL name and cast.</summary>
public sealed record PgColumnMapping(SourceColumn Source, string Name, ColumnCast Cast)
{
    /// <summary>A generated column on the target: the copy must not write it.</summary>
    public bool IsGeneratedOnTarget { get; init; }

    public bool IsIdentity { get; init; }
}
