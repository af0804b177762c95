namespace Godwit.Core.Dashboard;

/// <summary>A verify run and what it found.</summary>
public sealed record VerifyRunRecord
{
    public required string RunId { get; init; }

    public required string Description { get; init; }

    public string? TargetSchema { get; init; }

    public string? Mode { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Differences found; null while it runs.</summary>
    public long? Differences { get; init; }

    public IReadOnlyList<string> Tables { get; init; } = [];

    public IReadOnlyList<string> DifferingTables { get; init; } = [];

    /// <summary>Chunks compared so far, and how many of them differed.</summary>
    public long ChunksChecked { get; init; }

    public long ChunksDiffering { get; init; }
}
