using System.Collections.Concurrent;
using Godwit.Core.Verify;
using Orleans;

namespace Godwit.Cluster;

/// <summary>
/// Hands a verify's chunks to <see cref="IVerifyChunkGrain"/>s (a fresh grain each, so they spread over the workers)
/// and notes which worker compared which chunk. A comparison is read-only, so a chunk whose call fails (its worker
/// died) is simply sent again, up to <see cref="MaxTries"/> times.
/// </summary>
public sealed class GrainVerifyChunkDispatcher(IGrainFactory grains, ClusterVerifyJob job) : IVerifyChunkDispatcher
{
    public const int MaxTries = 5;

    private readonly ConcurrentQueue<VerifiedChunk> _checked = new();

    /// <summary>Every chunk compared so far, with its worker.</summary>
    public IReadOnlyList<VerifiedChunk> Checked => [.. _checked];

    public async Task<string> CompareAsync(VerifyTable table, KeyRange? chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var grain = grains.GetGrain<IVerifyChunkGrain>($"{job.RunId}/{table.Name}/{chunk?.Lo}/{Guid.NewGuid():N}");
            try
            {
                var reply = await grain.CompareAsync(job, table.Name, chunk?.Lo, chunk?.Hi).WaitAsync(cancellationToken);
                _checked.Enqueue(new VerifiedChunk(table.Name, chunk?.Lo, chunk?.Hi, reply.Worker));
                return reply.Outcome;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < MaxTries)
            {
                // The worker died or failed: compare the chunk again, on whichever worker the new grain lands.
            }
        }
    }
}
