using Godwit.Core.Positions;

namespace Godwit.Core.Copy;

/// <summary>One snapshot connection of the source.</summary>
public interface ISourceWorker
{
    /// <summary>This worker's own snapshot position, when the server reports one.</summary>
    StreamPosition? SnapshotPosition { get; }

    /// <summary>
    /// Streams the chunk's rows (only those the table's <see cref="CopyTable.Filter"/> keeps) into batches taken from <paramref name="rent"/>; each filled batch is passed to
    /// <paramref name="emit"/> (which owns it from then on). Only whole batches are held: memory stays bounded.
    /// </summary>
    Task ReadChunkAsync(
        CopyTable table, ChunkSpec chunk, Func<CancellationToken, ValueTask<RowBatch>> rent, Func<RowBatch, CancellationToken, ValueTask> emit, CancellationToken cancellationToken);
}
