using Godwit.Core.Copy;
using Godwit.Core.Providers;

namespace Godwit.Core.Engines.Copy;

/// <summary>
/// Copies one chunk in one target transaction: the worker's snapshot connection streams the rows into a reused
/// batch; each full batch is written before the next is read, so a worker holds one batch at a time. The chunk is
/// marked done in the same transaction, then committed. Shared by the single-process copy and the cluster's workers.
/// </summary>
public static class ChunkCopier
{
    public static async Task<CopyCounts> CopyAsync(
        ICopyChunkWriter writer, int attempt, ISourceWorker source, CopyTable table, ChunkSpec chunk, RowBatch batch,
        TableProgress? progress, RowRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limiter);
        var counts = default(CopyCounts);
        var target = await writer.BeginChunkAsync(table, chunk, cancellationToken);
        await using (target)
        {
            await source.ReadChunkAsync(
                table,
                chunk,
                _ => ValueTask.FromResult(batch),
                async (full, ct) =>
                {
                    var c = await target.WriteAsync(full, ct);
                    counts += c;
                    progress?.Add(c);
                    await limiter.WaitAsync(full.Count, ct);
                },
                cancellationToken);
            await target.CommitAsync(counts, attempt, source.SnapshotPosition, cancellationToken);
            return counts;
        }
    }
}
