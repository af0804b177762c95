using Godwit.Core.Copy;
using Godwit.Core.Positions;

namespace Godwit.Core.Providers;

/// <summary>One chunk's target transaction: its rows, then its done-mark and snapshot position in the same commit. Disposed uncommitted, it rolls back.</summary>
public interface ICopyChunk : IAsyncDisposable
{
    /// <summary>Writes a batch (refused rows handled by the run's <c>--on-error</c>); returns what was written and refused.</summary>
    ValueTask<CopyCounts> WriteAsync(RowBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the chunk done (its counts, the snapshot attempt and position, and the cluster worker that copied it, null
    /// in one process) and commits: the worker's name commits with the rows, so every done chunk names its worker.
    /// </summary>
    Task CommitAsync(CopyCounts counts, int attempt, StreamPosition? snapshot, string? worker, CancellationToken cancellationToken);
}
