using Godwit.Core.Copy;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Postgres.Source;
using Npgsql;

namespace Godwit.Postgres.Copy;

/// <summary>
/// One chunk's transaction: batches written with binary COPY (in a savepoint, bisected on failure), or the source's
/// binary COPY data passed through unchanged (a PostgreSQL source), then the done-mark and commit.
/// </summary>
internal sealed class PgCopyChunk(NpgsqlConnection pg, NpgsqlTransaction tx, long runId, ChunkSpec chunk, PgBatchWriter writer) : ICopyChunk, IRawCopyChunk
{
    private bool _committed;
    private NpgsqlRawCopyStream? _raw;

    public ValueTask<CopyCounts> WriteAsync(RowBatch batch, CancellationToken cancellationToken) => ValueTask.FromResult(writer.Write(batch));

    public bool Accepts(string format) => format == PgCopyWorker.BinaryCopyFormat;

    public async ValueTask WriteRawAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            _raw ??= await pg.BeginRawBinaryCopyAsync(writer.CopySql, cancellationToken);

            // Synchronous, like the converting path's COPY writes and the source's reads (PgCopyWorker.Fill).
            _raw.Write(data.Span);
        }
        catch (PostgresException ex) when (IsRefusal(ex))
        {
            throw Refused(ex);
        }
    }

    public async ValueTask EndRawAsync(CancellationToken cancellationToken)
    {
        if (_raw is not { } raw)
        {
            return;
        }

        _raw = null;
        try
        {
            // Disposing a COPY FROM STDIN stream sends CopyDone and reads the server's answer.
            await raw.DisposeAsync();
        }
        catch (PostgresException ex) when (IsRefusal(ex))
        {
            throw Refused(ex);
        }
    }

    public async Task CommitAsync(CopyCounts counts, int attempt, StreamPosition? snapshot, string? worker, CancellationToken cancellationToken)
    {
        PgCopyStore.MarkChunkDone(pg, runId, chunk, counts, attempt, snapshot, worker);
        await tx.CommitAsync(cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_raw is { } raw)
        {
            // A pass-through COPY left open by a failure: CopyFail ends it (the transaction rolls back below).
            _raw = null;
            try
            {
                await raw.CancelAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                // The connection failed under the chunk: nothing was committed.
            }
        }

        if (!_committed && !pg.FullState.HasFlag(System.Data.ConnectionState.Broken))
        {
            try
            {
                await tx.RollbackAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The connection failed under the chunk: nothing was committed.
            }
        }

        await tx.DisposeAsync();
    }

    /// <summary>Data exceptions (class 22) and integrity violations (class 23): the data, not the connection.</summary>
    private static bool IsRefusal(PostgresException ex) => ex.SqlState.StartsWith("22", StringComparison.Ordinal) || ex.SqlState.StartsWith("23", StringComparison.Ordinal);

    private RawCopyRefusedException Refused(PostgresException ex) =>
        new($"{chunk.Table}: chunk {chunk.Number} was refused by the target ({ex.SqlState}: {ex.MessageText}); copying it again row by row to find the row", ex);
}
