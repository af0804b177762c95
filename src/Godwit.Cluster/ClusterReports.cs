using Godwit.Core.Connections;
using Orleans.Runtime;

namespace Godwit.Cluster;

/// <summary>What <c>godwit workers</c> and the JSON report read from the <c>--cluster</c> database.</summary>
public static class ClusterReports
{
    /// <summary>Every worker the membership table knows (dead ones until Orleans cleans them up), with the chunks each committed.</summary>
    public static async Task<IReadOnlyList<WorkerRow>> WorkersAsync(ConnectionUri cluster, CancellationToken cancellationToken)
    {
        await using var dataSource = ClusterConnection.Open(cluster);
        if (!await ClusterSchema.ExistsAsync(dataSource, cancellationToken))
        {
            // No worker has joined yet: nothing to report, and a read makes nothing.
            return [];
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT m.silo_name, m.address, m.status, m.host_name, m.i_am_alive,
                   (SELECT count(*) FROM godwit_cluster.chunk_workers c WHERE c.worker = m.silo_name || ' ' || m.address),
                   (SELECT string_agg(c.stream || ':' || c.source_table || '#' || c.chunk, ',' ORDER BY c.finished_at DESC)
                      FROM (SELECT * FROM godwit_cluster.chunk_workers c WHERE c.worker = m.silo_name || ' ' || m.address ORDER BY c.finished_at DESC LIMIT 5) c)
              FROM godwit_cluster.members m WHERE m.cluster_id = @c ORDER BY m.status, m.silo_name
            """);
        command.Parameters.AddWithValue("c", ClusterConnection.ClusterId);
        var rows = new List<WorkerRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new WorkerRow(
                reader.GetString(0),
                reader.GetString(1),
                ((SiloStatus)reader.GetInt32(2)).ToString().ToLowerInvariant(),
                reader.GetString(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                reader.GetInt64(5),
                reader.IsDBNull(6) ? [] : reader.GetString(6).Split(',')));
        }

        return rows;
    }
}
