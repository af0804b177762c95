namespace Godwit.Core.Schema;

/// <summary>An index (or the primary key) of a source table.</summary>
public sealed record SourceIndex
{
    public required string Name { get; init; }

    public IndexKind Kind { get; init; }

    public IReadOnlyList<SourceIndexPart> Parts { get; init; } = [];

    public string? Comment { get; init; }

    public bool IsUniqueOrPrimary => Kind is IndexKind.Primary or IndexKind.Unique;
}
