using Godwit.Core.Dashboard;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Dashboard;

/// <summary>The latest copy runs from a MySQL target's <c>godwit.copy_runs</c> with each table's chunks summed from <c>godwit.copy_chunks</c>.</summary>
internal static class MySqlCopyProgressReader
{
    /// <summary>Older runs are history the page need not carry on every refresh.</summary>
    private const int Runs = 10;

    public static async Task<IReadOnlyList<CopyRunProgress>> ReadAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var r = await connection.QueryAsync(
            $"""
            SELECT r.run_id, r.stream, r.source_database, r.target_schema, r.status, r.jobs, r.started_at, r.finished_at,
                   c.source_table, COUNT(c.chunk), COALESCE(SUM(c.status = 'done'), 0),
                   COALESCE(SUM(c.rows_loaded), 0), COALESCE(SUM(c.rows_rejected), 0), COALESCE(SUM(c.bytes), 0), MAX(c.finished_at)
              FROM (SELECT * FROM godwit.copy_runs ORDER BY run_id DESC LIMIT {Runs}) r
              LEFT JOIN godwit.copy_chunks c ON c.run_id = r.run_id
             GROUP BY r.run_id, r.stream, r.source_database, r.target_schema, r.status, r.jobs, r.started_at, r.finished_at, c.source_table
             ORDER BY r.run_id DESC, c.source_table
            """,
            cancellationToken);
        var runs = new List<CopyRunProgress>();
        var tables = new List<TableCopyProgress>();
        while (await r.ReadAsync(cancellationToken))
        {
            var runId = r.GetInt64(0);
            if (runs.Count == 0 || runs[^1].RunId != runId)
            {
                tables = [];
                runs.Add(new CopyRunProgress
                {
                    RunId = runId,
                    Stream = r.GetString(1),
                    SourceDatabase = r.GetString(2),
                    TargetSchema = r.GetString(3),
                    Status = r.GetString(4),
                    Jobs = r.GetInt32(5),
                    StartedAt = MySqlStateColumns.Time(r, 6)!.Value,
                    FinishedAt = MySqlStateColumns.Time(r, 7),
                    Tables = tables,
                });
            }

            if (MySqlStateColumns.Text(r, 8) is { } table)
            {
                tables.Add(new TableCopyProgress
                {
                    Table = table,
                    Chunks = r.GetInt32(9),
                    ChunksDone = r.GetInt32(10),
                    RowsLoaded = r.GetInt64(11),
                    RowsRejected = r.GetInt64(12),
                    Bytes = r.GetInt64(13),
                    LastChunkAt = MySqlStateColumns.Time(r, 14),
                });
            }
        }

        return runs;
    }
}
