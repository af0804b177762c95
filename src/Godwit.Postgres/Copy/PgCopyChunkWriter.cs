using Godwit.Core.Copy;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Npgsql;

namespace Godwit.Postgres.Copy;

/// <summary>A copy worker's connection: one <see cref="PgBatchWriter"/> per table, reused chunk after chunk.</summary>
internal sealed class PgCopyChunkWriter(NpgsqlConnection pg, long runId, OnErrorMode onError, Action<RejectRecord>? reject) : ICopyChunkWriter
{
    private readonly Dictionary<string, PgBatchWriter> _writers = new(StringComparer.Ordinal);

    public async Task<ICopyChunk> BeginChunkAsync(CopyTable table, ChunkSpec chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(chunk);
        if (!_writers.TryGetValue(chunk.Table, out var writer))
        {
            PgBatchWriter? created = null;
            created = new PgBatchWriter(pg, table, onError, r =>
            {
                // In the chunk's transaction (exact), and in the reject file for people (appended at once, so a chunk
                // interrupted and copied again after a resume can list a row twice there).
                PgCopyStore.AddReject(pg, runId, created!.Chunk, r);
                reject?.Invoke(r);
            });
            writer = created;
            _writers[chunk.Table] = writer;
        }

        writer.Chunk = chunk.Number;
        var tx = await pg.BeginTransactionAsync(cancellationToken);
        return new PgCopyChunk(pg, tx, runId, chunk, writer);
    }

    public ValueTask DisposeAsync() => pg.DisposeAsync();
}
