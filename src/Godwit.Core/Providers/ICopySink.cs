using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Specs;

namespace Godwit.Core.Providers;

/// <summary>
/// The target side of the bulk copy: the run's bookkeeping, one writer per worker (each chunk one target transaction
/// that also marks it done), and the post-data phase (indexes, constraints) that starts per table as its last chunk lands.
/// </summary>
public interface ICopySink
{
    /// <summary>The run's bookkeeping on one connection of its own.</summary>
    Task<ICopyRunStore> OpenRunStoreAsync(CancellationToken cancellationToken);

    /// <summary>A worker's writer; <paramref name="reject"/> hears each row refused under <c>--on-error skip</c> (after it is recorded in the chunk's transaction).</summary>
    Task<ICopyChunkWriter> OpenWriterAsync(long runId, OnErrorMode onError, Action<RejectRecord>? reject, CancellationToken cancellationToken);

    /// <summary>The post-data phase of the run (<paramref name="mixedSnapshots"/>: rows from several source states, so constraints are checked once the stream has caught up).</summary>
    ICopyPostData PostData(PgSchemaPlan plan, int jobs, CopyProgress progress, long runId, bool mixedSnapshots);
}
