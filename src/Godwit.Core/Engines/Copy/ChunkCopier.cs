using Godwit.Core.Copy;
using Godwit.Core.Positions;
using Godwit.Core.Providers;

namespace Godwit.Core.Engines.Copy;

/// <summary>
/// Copies one chunk in one target transaction: the worker's snapshot connection streams the rows into a reused
/// batch; each full batch is written before the next is read, so a worker holds one batch at a time. The chunk is
/// marked done in the same transaction, then committed. Between engines that share a wire format the chunk's data
/// passes through unchanged instead (<see cref="IRawChunkReader"/>). Shared by the single-process copy and the
/// cluster's workers.
/// </summary>
public static class ChunkCopier
{
    /// <param name="worker">The cluster worker copying the chunk, recorded with its done-mark; null in one process.</param>
    public static async Task<CopyCounts> CopyAsync(
        ICopyChunkWriter writer, int attempt, ISourceWorker source, CopyTable table, ChunkSpec chunk, RowBatch batch,
        TableProgress? progress, RowRateLimiter limiter, string? worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(limiter);
        if (source is IRawChunkReader raw && raw.RawFormat(table) is { } format
            && await PassThroughAsync(writer, attempt, raw, format, source.SnapshotPosition, table, chunk, progress, limiter, worker, cancellationToken) is { } passed)
        {
            return passed;
        }

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
            await target.CommitAsync(counts, attempt, source.SnapshotPosition, worker, cancellationToken);
            return counts;
        }
    }

    /// <summary>
    /// Copies one chunk by passing the source's COPY data through to the target unchanged, with its done-mark in the
    /// same transaction. Null when the target does not take the format, or refused the data: the chunk's transaction
    /// is then rolled back and the caller copies it again by the converting path, which names the bad row.
    /// </summary>
    private static async Task<CopyCounts?> PassThroughAsync(
        ICopyChunkWriter writer, int attempt, IRawChunkReader source, string format, StreamPosition? snapshot, CopyTable table, ChunkSpec chunk,
        TableProgress? progress, RowRateLimiter limiter, string? worker, CancellationToken cancellationToken)
    {
        var counts = default(CopyCounts);
        var target = await writer.BeginChunkAsync(table, chunk, cancellationToken);
        await using (target)
        {
            if (target is not IRawCopyChunk raw || !raw.Accepts(format))
            {
                return null;
            }

            try
            {
                await source.ReadRawChunkAsync(
                    table,
                    chunk,
                    async (piece, ct) =>
                    {
                        await raw.WriteRawAsync(piece.Data, ct);
                        var c = new CopyCounts(piece.Rows, piece.Rows, 0, piece.ValueBytes);
                        counts += c;
                        progress?.Add(c);
                        await limiter.WaitAsync(piece.Rows, ct);
                    },
                    cancellationToken);
                await raw.EndRawAsync(cancellationToken);
            }
            catch (RawCopyRefusedException)
            {
                progress?.Add(new CopyCounts(-counts.Read, -counts.Loaded, 0, -counts.Bytes));
                return null;
            }

            await target.CommitAsync(counts, attempt, snapshot, worker, cancellationToken);
            progress?.PassedThrough();
            return counts;
        }
    }
}
