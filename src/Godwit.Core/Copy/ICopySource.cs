namespace Godwit.Core.Copy;

/// <summary>
/// The source side of the bulk copy (implemented for MySQL/MariaDB in Godwit.MySql.Snapshot): plans chunks,
/// opens the consistent snapshot and hands out one reader per worker.
/// </summary>
public interface ICopySource : IAsyncDisposable
{
    /// <summary>Splits a table into primary-key range chunks of about <paramref name="chunkRows"/> rows.</summary>
    Task<IReadOnlyList<ChunkSpec>> PlanChunksAsync(CopyTable table, long chunkRows, CancellationToken cancellationToken);

    /// <summary>
    /// Opens <paramref name="workers"/> connections that all read one consistent state of the source and returns
    /// the binlog position of that state. With <see cref="SnapshotMethod.GlobalReadLock"/> the position is exact for
    /// every worker; with <see cref="SnapshotMethod.LockFree"/> it is a position at or before every worker's snapshot.
    /// </summary>
    Task<SnapshotInfo> OpenSnapshotAsync(int workers, SnapshotMode mode, CancellationToken cancellationToken);

    /// <summary>The reader of worker <paramref name="index"/> (after <see cref="OpenSnapshotAsync"/>).</summary>
    ISourceWorker Worker(int index);
}

/// <summary>One snapshot connection of the source.</summary>
public interface ISourceWorker
{
    /// <summary>This worker's own snapshot position, when the server reports one.</summary>
    SourcePosition? SnapshotPosition { get; }

    /// <summary>
    /// Streams the chunk's rows into batches taken from <paramref name="rent"/>; each filled batch is passed to
    /// <paramref name="emit"/> (which owns it from then on). Only whole batches are held: memory stays bounded.
    /// </summary>
    Task ReadChunkAsync(
        CopyTable table, ChunkSpec chunk, Func<CancellationToken, ValueTask<RowBatch>> rent, Func<RowBatch, CancellationToken, ValueTask> emit, CancellationToken cancellationToken);
}
