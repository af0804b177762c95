namespace Godwit.Core.Copy;

/// <summary>
/// A source worker that can hand a chunk over in a wire format a target of the same engine loads unchanged
/// (PostgreSQL's binary COPY between two PostgreSQL servers). Nothing is parsed into <see cref="RowBatch"/>es and
/// encoded again: the bytes pass through, which is what pgcopydb does and what the converting path costs in CPU.
/// </summary>
public interface IRawChunkReader
{
    /// <summary>
    /// The format's name when this table's rows can pass through unchanged (every column's conversion is native and
    /// no row filter applies); null when they must go through the converting path.
    /// </summary>
    string? RawFormat(CopyTable table);

    /// <summary>
    /// Streams the chunk's COPY data, header to trailer, to <paramref name="emit"/> piece by piece (a piece's memory is
    /// reused once emit returns). Each piece says how many rows it completes. If emit throws
    /// <see cref="RawCopyRefusedException"/>, the rest of the chunk is read and discarded first, so the worker's
    /// snapshot stays usable for the converting path that copies the chunk again.
    /// </summary>
    Task ReadRawChunkAsync(CopyTable table, ChunkSpec chunk, Func<RawCopyPiece, CancellationToken, ValueTask> emit, CancellationToken cancellationToken);
}
