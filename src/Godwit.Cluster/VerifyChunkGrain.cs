using Godwit.Core.Verify;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace Godwit.Cluster;

/// <summary>
/// See <see cref="IVerifyChunkGrain"/>. Compares the chunk with the verify engine's own chunk comparison
/// (<see cref="TableVerifier.CompareChunkEncodedAsync"/>: checksums in both databases, bisected to rows where they
/// differ), so the dispatching verify gets what it would have found itself. Read-only: a chunk compared twice after a
/// worker died changes nothing.
/// </summary>
[RandomPlacement]
internal sealed class VerifyChunkGrain(IVerifyJobContextFactory contexts, ILocalSiloDetails silo, WorkerNotes notes) : Grain, IVerifyChunkGrain
{
    public async Task<VerifyChunkReply> CompareAsync(ClusterVerifyJob job, string table, long? lo, long? hi)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            var context = await contexts.CreateAsync(job, CancellationToken.None);
            var verifyTable = context.Table(table);
            KeyRange? range = lo is { } l && hi is { } h ? new KeyRange(l, h) : null;
            notes.Write($"verify chunk {table} {range?.ToString() ?? "(whole table)"} started");
            // No catch-up wait here: the dispatching verify waited for the stream before it sent the chunk.
            var verifier = new TableVerifier(context.Source, context.Target, context.Options, NoCatchUp.Instance, null, job.RunId, null);
            var outcome = await verifier.CompareChunkEncodedAsync(verifyTable, range, CancellationToken.None);
            notes.Write($"verify chunk {table} {range?.ToString() ?? "(whole table)"} compared");
            return new VerifyChunkReply(outcome, WorkerSilo.WorkerId(silo));
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
