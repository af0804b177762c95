using Godwit.Core.Copy;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Copy;

/// <summary>One chunk's transaction on a MySQL target: batches loaded with LOAD DATA LOCAL, then the done-mark and commit.</summary>
internal sealed class MySqlCopyChunk(MySqlConnection connection, long runId, ChunkSpec chunk, MySqlBatchLoader loader) : ICopyChunk
{
    private bool _committed;

    public ValueTask<CopyCounts> WriteAsync(RowBatch batch, CancellationToken cancellationToken) => loader.WriteAsync(batch, cancellationToken);

    public async Task CommitAsync(CopyCounts counts, int attempt, StreamPosition? snapshot, string? worker, CancellationToken cancellationToken)
    {
        await MySqlCopyStore.MarkChunkDoneAsync(connection, runId, chunk, counts, attempt, snapshot, worker, cancellationToken);
        await connection.ExecuteAsync("COMMIT", cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            await MySqlCopyStore.RollbackQuietlyAsync(connection);
        }
    }
}
