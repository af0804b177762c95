namespace Godwit.Core.Schema;

/// <summary>A foreign key.</summary>
public sealed record SourceForeignKey
{
    public required string Name { get; init; }

    public IReadOnlyList<string> Columns { get; init; } = [];

    public required string ReferencedSchema { get; init; }

    public required string ReferencedTable { get; init; }

    public IReadOnlyList<string> ReferencedColumns { get; init; } = [];

    /// <summary>CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION.</summary>
    public string OnDelete { get; init; } = "RESTRICT";

    public string OnUpdate { get; init; } = "RESTRICT";
}
