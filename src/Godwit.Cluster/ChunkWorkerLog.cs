using Npgsql;

namespace Godwit.Cluster;

/// <summary>
/// Which worker committed which chunk, in <c>godwit_cluster.chunk_workers</c>: written by the worker right after its
/// chunk's commit (a worker killed between the two leaves that chunk's worker unknown; its rows are committed either
/// way), read by the JSON report and <c>godwit workers</c>.
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

    /// <summary>The worker of each chunk of the run, by (table, chunk).</summary>
    public static async Task<IReadOnlyDictionary<(string Table, int Chunk), string>> LoadAsync(
        NpgsqlDataSource cluster, string target, string stream, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await ClusterSchema.EnsureAsync(cluster, cancellationToken);
        await using var command = cluster.CreateCommand(
            "SELECT source_table, chunk, worker FROM godwit_cluster.chunk_workers WHERE target = @t AND stream = @s AND run_id = @r");
        command.Parameters.AddWithValue("t", target);
        command.Parameters.AddWithValue("s", stream);
        command.Parameters.AddWithValue("r", runId);
        var result = new Dictionary<(string, int), string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[(reader.GetString(0), reader.GetInt32(1))] = reader.GetString(2);
        }

        return result;
    }
}
