using System.Text;
using Godwit.Core.Copy;
using Godwit.Core.Positions;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>A copy source held in memory: each table's rows as text, split into chunks of a fixed number of rows.</summary>
internal sealed class MemoryCopySource(Dictionary<string, List<string?[]>> tables) : ICopySource
{
    public Task<IReadOnlyList<ChunkSpec>> PlanChunksAsync(CopyTable table, long chunkRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = tables[table.Name].Count;
        var count = (int)Math.Max(1, (rows + chunkRows - 1) / chunkRows);
        return Task.FromResult<IReadOnlyList<ChunkSpec>>(
            [.. Enumerable.Range(0, count).Select(i => new ChunkSpec(table.Name, i, [(i * chunkRows).ToString(System.Globalization.CultureInfo.InvariantCulture)], [((i + 1) * chunkRows).ToString(System.Globalization.CultureInfo.InvariantCulture)]))]);
    }

    public Task<SnapshotInfo> OpenSnapshotAsync(IReadOnlyList<CopyTable> tables, int workers, SnapshotMode mode, CancellationToken cancellationToken) =>
        Task.FromResult(new SnapshotInfo(SnapshotMethod.GlobalReadLock, MemoryPositionCodec.At(4), null));

    /// <summary>Whether the chunks stand for ranges of pages (bound to one snapshot, as a PostgreSQL source's are).</summary>
    public bool PageRanges { get; init; }

    public ISourceWorker Worker(int index) => new MemorySourceWorker(tables);

    public bool IsSnapshotBound(ChunkSpec chunk) => PageRanges;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class MemorySourceWorker(Dictionary<string, List<string?[]>> tables) : ISourceWorker
    {
        public StreamPosition? SnapshotPosition => MemoryPositionCodec.At(4);

        public async Task ReadChunkAsync(
            CopyTable table, ChunkSpec chunk, Func<CancellationToken, ValueTask<RowBatch>> rent, Func<RowBatch, CancellationToken, ValueTask> emit, CancellationToken cancellationToken)
        {
            var from = int.Parse(chunk.Lower![0], System.Globalization.CultureInfo.InvariantCulture);
            var to = int.Parse(chunk.Upper![0], System.Globalization.CultureInfo.InvariantCulture);
            var rows = tables[table.Name].Skip(from).Take(to - from).ToList();
            var batch = await rent(cancellationToken);
            batch.Reset(table.Columns.Count);
            foreach (var row in rows)
            {
                for (var c = 0; c < row.Length; c++)
                {
                    if (row[c] is { } value)
                    {
                        batch.SetValue(c, Encoding.UTF8.GetBytes(value));
                    }
                    else
                    {
                        batch.SetNull(c);
                    }
                }

                batch.CommitRow();
            }

            if (batch.Count > 0)
            {
                await emit(batch, cancellationToken);
            }
        }
    }
}
