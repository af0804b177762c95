using Godwit.Core.Copy;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Copy;

/// <summary>A copy worker's connection to a MySQL target: one loader per table, reused chunk after chunk.</summary>
internal sealed class MySqlCopyChunkWriter(MySqlConnection connection, long runId, OnErrorMode onError, Action<RejectRecord>? reject) : ICopyChunkWriter
{
    private readonly Dictionary<string, MySqlBatchLoader> _loaders = new(StringComparer.Ordinal);
    private int _chunk;

    public async Task<ICopyChunk> BeginChunkAsync(CopyTable table, ChunkSpec chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(chunk);
        if (!_loaders.TryGetValue(chunk.Table, out var loader))
        {
            loader = new MySqlBatchLoader(connection, new MySqlLoadDataTable(table), onError, async r =>
            {
                // In the chunk's transaction (counted exactly once across a resume), then to the reject file.
                await MySqlCopyStore.AddRejectAsync(connection, runId, _chunk, r, CancellationToken.None);
                reject?.Invoke(r);
            });
            _loaders[chunk.Table] = loader;
        }

        _chunk = chunk.Number;
        await connection.ExecuteAsync("START TRANSACTION", cancellationToken);
        return new MySqlCopyChunk(connection, runId, chunk, loader);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
