using Godwit.Core.Copy;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Providers;
using Orleans;

namespace Godwit.Cluster;

/// <summary>
/// Hands chunks to <see cref="IChunkGrain"/>s, <see cref="ClusterCopyJob.Jobs"/> at a time. A chunk whose call fails
/// (its worker died, or the worker failed) is looked up in the target's run store: done there means its transaction
/// committed (the reply was lost); otherwise it never committed and is handed out again as a new grain, so it lands
/// on a live silo. A chunk that fails <see cref="MaxTries"/> times fails the copy with the last error.
/// </summary>
internal sealed class GrainChunkDispatcher(IGrainFactory grains, ClusterCopyJob job, ICopySink sink, Action<ChunkOutcome> record) : IChunkDispatcher
{
    public const int MaxTries = 5;

    public async Task RunAsync(long runId, int attempt, IReadOnlyList<ChunkSpec> pending, Func<ChunkSpec, CopyCounts, ValueTask> chunkDone, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, job.Jobs));
        var tasks = pending.Select(async chunk =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var outcome = await RunOneAsync(runId, attempt, chunk, cancellationToken);
                record(outcome);
                await chunkDone(chunk, new CopyCounts(outcome.Read, outcome.Loaded, outcome.Rejected, outcome.Bytes));
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks);
    }

    private async Task<ChunkOutcome> RunOneAsync(long runId, int attempt, ChunkSpec chunk, CancellationToken cancellationToken)
    {
        for (var attemptNo = 1; ; attemptNo++)
        {
            var grain = grains.GetGrain<IChunkGrain>($"{job.Stream}/{runId}/{chunk.Table}/{chunk.Number}/{Guid.NewGuid():N}");
            try
            {
                return await grain.RunAsync(job, ChunkOrder.Of(runId, attempt, chunk));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (await DoneInStoreAsync(runId, chunk, cancellationToken) is { } done)
                {
                    return done;
                }

                if (attemptNo >= MaxTries)
                {
                    throw new InvalidOperationException($"chunk {chunk.Table}#{chunk.Number} failed {MaxTries} times on the cluster's workers; last error: {ex.Message}", ex);
                }
            }
        }
    }

    private async Task<ChunkOutcome?> DoneInStoreAsync(long runId, ChunkSpec chunk, CancellationToken cancellationToken)
    {
        var store = await sink.OpenRunStoreAsync(cancellationToken);
        await using (store)
        {
            var stored = (await store.LoadChunksAsync(runId, cancellationToken)).FirstOrDefault(c => c.Spec.Table == chunk.Table && c.Spec.Number == chunk.Number);
            return stored is { Done: true }
                ? new ChunkOutcome(chunk.Table, chunk.Number, stored.Counts.Read, stored.Counts.Loaded, stored.Counts.Rejected, stored.Counts.Bytes, "unknown (reply lost)")
                : null;
        }
    }
}
