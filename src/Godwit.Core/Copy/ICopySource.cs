namespace Godwit.Core.Copy;

/// <summary>
/// The source side of the bulk copy (implemented for MySQL/MariaDB in Godwit.Providers.MySql.Snapshot): plans chunks,
/// opens the consistent snapshot and hands out one reader per worker.
/// </summary>
public interface ICopySource : IAsyncDisposable
{
    /// <summary>
    /// Splits a table into primary-key range chunks of about <paramref name="chunkRows"/> rows. A table with a
    /// <see cref="CopyTable.Filter"/> may plan chunks over all its rows; its reads return only the filtered ones.
    /// </summary>
    Task<IReadOnlyList<ChunkSpec>> PlanChunksAsync(CopyTable table, long chunkRows, CancellationToken cancellationToken);

    /// <summary>
    /// Opens <paramref name="workers"/> connections that all read one consistent state of the source and returns
    /// the log position of that state; <paramref name="tables"/> are the tables of the run (a source whose stream
    /// must be told which tables it follows, such as a PostgreSQL publication, sets that up first). With <see cref="SnapshotMethod.GlobalReadLock"/> the position is exact for
    /// every worker; with <see cref="SnapshotMethod.LockFree"/> it is a position at or before every worker's snapshot.
    /// </summary>
    Task<SnapshotInfo> OpenSnapshotAsync(IReadOnlyList<CopyTable> tables, int workers, SnapshotMode mode, CancellationToken cancellationToken);

    /// <summary>The reader of worker <paramref name="index"/> (after <see cref="OpenSnapshotAsync"/>).</summary>
    ISourceWorker Worker(int index);

    /// <summary>
    /// Whether <paramref name="chunk"/> holds a well-defined set of rows only together with its table's other chunks
    /// read at the same snapshot: a range of physical pages, between which an update moves a row. A resumed copy
    /// (a new snapshot) copies such a table again from its start; a key range holds the same rows at every snapshot.
    /// </summary>
    bool IsSnapshotBound(ChunkSpec chunk) => false;
}
