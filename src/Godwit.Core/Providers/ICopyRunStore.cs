using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Positions;
using Godwit.Core.Specs;

namespace Godwit.Core.Providers;

/// <summary>A copy run's bookkeeping on the target: runs keyed by stream, their chunks, the snapshot attempts and their positions.</summary>
public interface ICopyRunStore : IAsyncDisposable
{
    /// <summary>Creates the bookkeeping (the state store's one bootstrap).</summary>
    Task EnsureAsync(CancellationToken cancellationToken);

    Task<CopyRun?> FindRunAsync(string stream, CancellationToken cancellationToken);

    /// <summary>Forgets every run of the stream (<c>--restart</c>).</summary>
    Task ForgetRunsAsync(string stream, string sourceDatabase, string targetSchema, CancellationToken cancellationToken);

    /// <summary>Creates the target's tables and types (pre-data); the statements that failed softly come back as notes.</summary>
    /// <exception cref="InvalidOperationException">An object exists already and <paramref name="ifExists"/> says to stop.</exception>
    Task<IReadOnlyList<SchemaNote>> ApplyPreDataAsync(PgSchemaPlan plan, IfExistsMode ifExists, CancellationToken cancellationToken);

    Task<long> CreateRunAsync(string sourceDisplay, string sourceDatabase, string targetSchema, string stream, int jobs, IReadOnlyList<ChunkSpec> chunks, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredChunk>> LoadChunksAsync(long runId, CancellationToken cancellationToken);

    /// <summary>How many snapshots the run has taken, and whether any was lock-free.</summary>
    Task<(int Attempts, bool LockFree)> CountAttemptsAsync(long runId, CancellationToken cancellationToken);

    /// <summary>Records a snapshot and its source position; returns its attempt number.</summary>
    Task<int> AddPositionAsync(long runId, SnapshotInfo snapshot, CancellationToken cancellationToken);

    Task SetStatusAsync(long runId, string status, CancellationToken cancellationToken);

    /// <summary>
    /// Empties <paramref name="table"/> on the target and marks all its chunks pending again, its rejects forgotten,
    /// in one transaction (a table whose chunks were read at an earlier snapshot and are bound to it:
    /// <see cref="ICopySource.IsSnapshotBound"/>).
    /// </summary>
    Task RestartTableAsync(long runId, CopyTable table, CancellationToken cancellationToken);

    /// <summary>Where the change stream starts after this run (the earliest attempt that committed a chunk).</summary>
    Task<StreamPosition?> StartPositionAsync(long runId, CancellationToken cancellationToken);
}
