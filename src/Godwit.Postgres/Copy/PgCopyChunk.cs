using Godwit.Core.Copy;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Npgsql;

namespace Godwit.Postgres.Copy;

/// <summary>One chunk's transaction: batches written with binary COPY (in a savepoint, bisected on failure), then the done-mark and commit.</summary>
internal sealed class PgCopyChunk(NpgsqlConnection pg, NpgsqlTransaction tx, long runId, ChunkSpec chunk, PgBatchWriter writer) : ICopyChunk
{
    private bool _committed;

    public ValueTask<CopyCounts> WriteAsync(RowBatch batch, CancellationToken cancellationToken) => ValueTask.FromResult(writer.Write(batch));

    public async Task CommitAsync(CopyCounts counts, int attempt, StreamPosition? snapshot, CancellationToken cancellationToken)
    {
        PgCopyStore.MarkChunkDone(pg, runId, chunk, counts, attempt, snapshot);
        await tx.CommitAsync(cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
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
}
