namespace Godwit.Core.Verify;

/// <summary>How a verify run compares.</summary>
public sealed record VerifyOptions
{
    public VerifyMode Mode { get; init; } = VerifyMode.Checksum;

    /// <summary>Differences listed per table (all are counted).</summary>
    public int MaxDifferences { get; init; } = 100;

    /// <summary>Delay before mismatched rows are compared again; null turns the re-check off.</summary>
    public TimeSpan? Recheck { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Target rows per chunk (integer-keyed tables).</summary>
    public long ChunkRows { get; init; } = 100_000;

    /// <summary>A mismatched range is bisected until it holds at most this many rows, then its rows are compared.</summary>
    public long LeafRows { get; init; } = 512;

    /// <summary>How long to wait for the target to catch up with the source before comparing a chunk (CDC).</summary>
    public TimeSpan CatchUpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Chunks compared at the same time (each one queries both databases concurrently).</summary>
    public int Parallelism { get; init; } = 2;
}
