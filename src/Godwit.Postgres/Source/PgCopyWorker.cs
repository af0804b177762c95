using System.Buffers;
using System.Globalization;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Types;

namespace Godwit.Postgres.Source;

/// <summary>
/// One copy worker on a PostgreSQL source: a REPEATABLE READ transaction that imported the slot's snapshot, reading
/// each chunk with binary COPY. Generated columns are not read: the target computes them.
/// </summary>
internal sealed class PgCopyWorker(IPgCopyReadSession session, StreamPosition position) : ISourceWorker, IRawChunkReader, IAsyncDisposable
{
    /// <summary>The pass-through format: PostgreSQL's binary COPY, each field the type's send format.</summary>
    public const string BinaryCopyFormat = "postgresql-binary-copy";

    // The pieces a chunk's data is passed on in (Fill fills each one); one buffer per chunk, from the shared pool.
    private const int PieceBytes = 256 * 1024;

    public StreamPosition? SnapshotPosition => position;

    public static async Task<PgCopyWorker> OpenAsync(IPgCopyReadSession session, string snapshot, StreamPosition position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(snapshot);
        await session.ExecuteAsync(
            $"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot.Replace("'", "''", StringComparison.Ordinal)}'", cancellationToken).ConfigureAwait(false);
        return new PgCopyWorker(session, position);
    }

    public async Task ReadChunkAsync(
        CopyTable table, ChunkSpec chunk, Func<CancellationToken, ValueTask<RowBatch>> rent, Func<RowBatch, CancellationToken, ValueTask> emit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(chunk);
        if (table.Filter is not null)
        {
            throw new NotSupportedException($"{table.Name}: copying only some rows (a tenant move) is not supported from a PostgreSQL source yet");
        }

        await using var stream = await session.BeginCopyOutAsync(CopySql(table, chunk), cancellationToken).ConfigureAwait(false);
        var reader = new PgBinaryCopyReader(stream);
        await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        var n = table.Columns.Count;
        var batch = await rent(cancellationToken).ConfigureAwait(false);
        batch.Reset(n);
        while (await reader.ReadRowAsync(batch, cancellationToken).ConfigureAwait(false))
        {
            batch.CommitRow();
            if (batch.IsFull)
            {
                await emit(batch, cancellationToken).ConfigureAwait(false);
                batch = await rent(cancellationToken).ConfigureAwait(false);
                batch.Reset(n);
            }
        }

        await emit(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every column's conversion is native (a PostgreSQL target of the same types) and no row filter applies.</summary>
    public string? RawFormat(CopyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Filter is null && table.Columns.All(c => c.Cast.Conversion.Kind == ValueConversionKind.Native) ? BinaryCopyFormat : null;
    }

    public async Task ReadRawChunkAsync(CopyTable table, ChunkSpec chunk, Func<RawCopyPiece, CancellationToken, ValueTask> emit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(emit);
        await using var stream = await session.BeginCopyOutAsync(CopySql(table, chunk), cancellationToken).ConfigureAwait(false);
        var framing = new PgBinaryCopyFraming(table.Columns.Count);
        var buffer = ArrayPool<byte>.Shared.Rent(PieceBytes);
        try
        {
            int read;
            while ((read = Fill(stream, buffer, cancellationToken)) > 0)
            {
                var bytes = framing.ValueBytes;
                var rows = framing.Advance(buffer.AsSpan(0, read));
                try
                {
                    await emit(new RawCopyPiece(buffer.AsMemory(0, read), rows, framing.ValueBytes - bytes), cancellationToken).ConfigureAwait(false);
                }
                catch (RawCopyRefusedException)
                {
                    // Leaving a COPY TO unread makes Npgsql cancel it, which ends this worker's snapshot transaction
                    // (the wire client's stream reads the rest when disposed); the chunk is about to be copied again
                    // from the same snapshot.
                    while (Fill(stream, buffer, cancellationToken) > 0)
                    {
                    }

                    throw;
                }
            }

            if (!framing.Ended)
            {
                throw new EndOfStreamException($"{table.Name}: the source's COPY output ended in the middle of a row");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public ValueTask DisposeAsync() => session.DisposeAsync();

    /// <summary>
    /// Fills the buffer (short only at the end of the data). The server sends one CopyData message per row and a read
    /// of Npgsql's raw COPY stream returns at most one message (the wire client's, what has arrived), so pieces of a
    /// single row would each cost a write to the target (a CopyData message of its own) and a turn of the engine's
    /// loop. The reads are synchronous, as the converting path's COPY writes are: an asynchronous read per row costs a
    /// thread-pool hop for each socket read (on pgbench scale 50, godwit's user CPU went from 2.4–2.9 s to 1.9–2.1 s).
    /// </summary>
    private static int Fill(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = stream.Read(buffer.AsSpan(filled))) > 0)
        {
            filled += read;
        }

        return filled;
    }

    private static string CopySql(CopyTable table, ChunkSpec chunk)
    {
        var columns = string.Join(", ", table.Columns.Select(c => PgIdentifier.Quote(c.Source.Name)));
        var source = PgIdentifier.Qualify(table.Mapping.Source.Schema, table.Mapping.Source.Name);
        return $"COPY (SELECT {columns} FROM ONLY {source}{Where(table, chunk)}) TO STDOUT (FORMAT binary)";
    }

    /// <summary>
    /// The chunk's rows: an integer key's range (lower exclusive, upper inclusive), or a range of heap pages by ctid
    /// (<see cref="PgChunkPlanner.PagePrefix"/>: lower inclusive, upper exclusive; a TID range scan since PostgreSQL 14).
    /// </summary>
    private static string Where(CopyTable table, ChunkSpec chunk)
    {
        if (chunk.Lower is null && chunk.Upper is null)
        {
            return string.Empty;
        }

        var conditions = new List<string>();
        if (PgChunkPlanner.IsPageRange(chunk))
        {
            if (chunk.Lower is [var lo])
            {
                conditions.Add($"ctid >= '({PgChunkPlanner.Page(lo).ToString(CultureInfo.InvariantCulture)},0)'::tid");
            }

            if (chunk.Upper is [var hi])
            {
                conditions.Add($"ctid < '({PgChunkPlanner.Page(hi).ToString(CultureInfo.InvariantCulture)},0)'::tid");
            }
        }
        else
        {
            var key = PgIdentifier.Quote(table.KeyColumns[0]);
            if (chunk.Lower is [var lo])
            {
                conditions.Add($"{key} > {long.Parse(lo, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}");
            }

            if (chunk.Upper is [var hi])
            {
                conditions.Add($"{key} <= {long.Parse(hi, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return " WHERE " + string.Join(" AND ", conditions);
    }
}
