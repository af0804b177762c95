using Godwit.Core.Copy;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Specs;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace Godwit.Cluster;

/// <summary>
/// See <see cref="IChunkGrain"/>. Reads the chunk at its own lock-free snapshot (other processes cannot share one
/// source transaction) and commits rows and done-mark together through <see cref="ChunkCopier"/>, the code the
/// single-process copy runs; the snapshot's position goes with the done-mark, as in a lock-free local copy.
/// </summary>
[RandomPlacement]
internal sealed class ChunkGrain(ICopyJobContextFactory contexts, ILocalSiloDetails silo, WorkerNotes notes, Npgsql.NpgsqlDataSource cluster) : Grain, IChunkGrain
{
    public async Task<ChunkOutcome> RunAsync(ClusterCopyJob job, ChunkOrder chunk)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(chunk);
        var ct = CancellationToken.None;
        try
        {
            notes.Write($"chunk {chunk.Table}#{chunk.Number} of run {chunk.RunId} started");
            var context = await contexts.CreateAsync(job, ct);
            var table = context.Table(chunk.Table);
            await using var source = context.NewSource();
            await source.OpenSnapshotAsync([table], 1, SnapshotMode.LockFree, ct);
            var writer = await context.Sink.OpenWriterAsync(chunk.RunId, OnErrorMode.Stop, null, ct);
            await using (writer)
            {
                // The worker's name commits with the chunk's rows and done-mark (the report reads it from there).
                var worker = WorkerSilo.WorkerId(silo);
                var counts = await ChunkCopier.CopyAsync(
                    writer, chunk.Attempt, source.Worker(0), table, chunk.Spec, new RowBatch(1), null, new RowRateLimiter(job.MaxRowsPerSecond), worker, ct);
                notes.Write($"chunk {chunk.Table}#{chunk.Number} of run {chunk.RunId} committed ({counts.Loaded} rows)");
                // For godwit workers, which reads the cluster database only (best effort: a worker killed here leaves
                // the chunk out of its count, never out of the target's record).
                await ChunkWorkerLog.RecordAsync(cluster, job.TargetKey, job.Stream, chunk, worker, ct);
                return new ChunkOutcome(chunk.Table, chunk.Number, counts.Read, counts.Loaded, counts.Rejected, counts.Bytes, worker);
            }
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
