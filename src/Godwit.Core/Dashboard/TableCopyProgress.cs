namespace Godwit.Core.Dashboard;

/// <summary>
/// One table of a copy run: chunks planned and done, rows loaded and rejected, and when its chunks were done (the
/// first and last), from which its rate and ETA follow.
/// </summary>
public sealed record TableCopyProgress
{
    public required string Table { get; init; }

    public int Chunks { get; init; }

    public int ChunksDone { get; init; }

    public long RowsLoaded { get; init; }

    public long RowsRejected { get; init; }

    public long Bytes { get; init; }

    public DateTimeOffset? LastChunkAt { get; init; }

    public bool Done => Chunks > 0 && ChunksDone == Chunks;
}
