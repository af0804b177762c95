using System.Text.Json;
using Npgsql;

namespace Godwit.Cluster;

/// <summary>
/// The streams the cluster runs, in <c>godwit_cluster.stream_jobs</c>: <c>sync --cluster</c> adds one (the job
/// without passwords), <c>--stop</c> removes it; the stream grain reads its job from here on activation and reports
/// its worker, epoch, state and lag back, which <c>status --cluster</c> reads. A row here is what keeps the stream
/// running: every worker's <see cref="StreamKeeper"/> pokes the grains of the rows, re-activating one whose silo died.
/// </summary>
public static class StreamJobs
{
    public static async Task SaveAsync(NpgsqlDataSource cluster, ClusterSyncJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(job);
        await ClusterSchema.EnsureAsync(cluster, cancellationToken);
        await using var command = cluster.CreateCommand(
            """
            INSERT INTO godwit_cluster.stream_jobs (stream, job) VALUES (@s, @j::jsonb)
            ON CONFLICT (stream) DO UPDATE SET job = EXCLUDED.job, updated_at = now()
            """);
        command.Parameters.AddWithValue("s", job.Stream);
        command.Parameters.AddWithValue("j", JsonSerializer.Serialize(job));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<ClusterSyncJob?> LoadAsync(NpgsqlDataSource cluster, string stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await using var command = cluster.CreateCommand("SELECT job::text FROM godwit_cluster.stream_jobs WHERE stream = @s");
        command.Parameters.AddWithValue("s", stream);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<ClusterSyncJob>(json) : null;
    }

    /// <summary>Removes the stream's job; true if there was one.</summary>
    public static async Task<bool> RemoveAsync(NpgsqlDataSource cluster, string stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await ClusterSchema.EnsureAsync(cluster, cancellationToken);
        await using var command = cluster.CreateCommand("DELETE FROM godwit_cluster.stream_jobs WHERE stream = @s");
        command.Parameters.AddWithValue("s", stream);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public static async Task<IReadOnlyList<string>> StreamsAsync(NpgsqlDataSource cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await using var command = cluster.CreateCommand("SELECT stream FROM godwit_cluster.stream_jobs ORDER BY stream");
        var streams = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            streams.Add(reader.GetString(0));
        }

        return streams;
    }

    /// <summary>
    /// What the grain reports; an activation with an older epoch than the row's (a stale one) does not overwrite the
    /// newer holder's report.
    /// </summary>
    public static async Task ReportAsync(NpgsqlDataSource cluster, string stream, string holder, long epoch, string state, string? error, double? lagSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await using var command = cluster.CreateCommand(
            """
            UPDATE godwit_cluster.stream_jobs SET holder = @h, epoch = @e, state = @st, error = @err, lag_seconds = @lag, updated_at = now()
             WHERE stream = @s AND (epoch IS NULL OR epoch <= @e)
            """);
        command.Parameters.AddWithValue("s", stream);
        command.Parameters.AddWithValue("h", holder);
        command.Parameters.AddWithValue("e", epoch);
        command.Parameters.AddWithValue("st", state);
        command.Parameters.Add(new NpgsqlParameter("err", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("lag", NpgsqlTypes.NpgsqlDbType.Double) { Value = (object?)lagSeconds ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<StreamJobRow>> ListAsync(NpgsqlDataSource cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (!await ClusterSchema.ExistsAsync(cluster, cancellationToken))
        {
            return [];
        }

        await using var command = cluster.CreateCommand(
            "SELECT stream, holder, epoch, state, error, lag_seconds, updated_at FROM godwit_cluster.stream_jobs ORDER BY stream");
        var rows = new List<StreamJobRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StreamJobRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return rows;
    }
}
