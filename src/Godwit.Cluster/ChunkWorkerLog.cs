using Npgsql;

namespace Godwit.Cluster;

/// <summary>
/// Which worker committed which chunk, in the cluster database's <c>godwit_cluster.chunk_workers</c>, for
/// <c>godwit workers</c> and <c>status --cluster</c>, which read the cluster database only: written by the worker
/// right after its chunk's commit (a worker killed between the two leaves the chunk out of its count). The record
/// that counts is the target's: the worker's name commits with the chunk's done-mark (<c>godwit.copy_chunks.worker</c>),
/// and the JSON report reads it there.
/// </summary>
public static class ChunkWorkerLog
{
    public static async Task RecordAsync(NpgsqlDataSource cluster, string target, string stream, ChunkOrder chunk, string worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(chunk);
        await using var command = cluster.CreateCommand(
            """
            INSERT INTO godwit_cluster.chunk_workers (target, stream, run_id, source_table, chunk, worker) VALUES (@t, @s, @r, @tb, @c, @w)
            ON CONFLICT (target, stream, run_id, source_table, chunk) DO NOTHING
            """);
        command.Parameters.AddWithValue("t", target);
        command.Parameters.AddWithValue("s", stream);
        command.Parameters.AddWithValue("r", chunk.RunId);
        command.Parameters.AddWithValue("tb", chunk.Table);
        command.Parameters.AddWithValue("c", chunk.Number);
        command.Parameters.AddWithValue("w", worker);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
