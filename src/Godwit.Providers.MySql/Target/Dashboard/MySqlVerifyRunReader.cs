using Godwit.Core.Dashboard;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Dashboard;

/// <summary>The latest verify runs from a MySQL target's <c>godwit.verify_runs</c>, with their chunks counted from <c>godwit.verify_chunks</c>.</summary>
internal static class MySqlVerifyRunReader
{
    private const int Runs = 20;

    public static async Task<IReadOnlyList<VerifyRunRecord>> ReadAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var r = await connection.QueryAsync(
            $"""
            SELECT v.run_id, v.description, v.target_schema, v.mode, v.started_at, v.finished_at, v.differences, v.tables, v.differing_tables,
                   (SELECT COUNT(*) FROM godwit.verify_chunks c WHERE c.run_id = v.run_id),
                   (SELECT COUNT(*) FROM godwit.verify_chunks c WHERE c.run_id = v.run_id AND NOT c.equal)
              FROM godwit.verify_runs v ORDER BY v.started_at DESC LIMIT {Runs}
            """,
            cancellationToken);
        var runs = new List<VerifyRunRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            runs.Add(new VerifyRunRecord
            {
                RunId = r.GetString(0),
                Description = r.GetString(1),
                TargetSchema = MySqlStateColumns.Text(r, 2),
                Mode = MySqlStateColumns.Text(r, 3),
                StartedAt = MySqlStateColumns.Time(r, 4)!.Value,
                FinishedAt = MySqlStateColumns.Time(r, 5),
                Differences = MySqlStateColumns.Int64(r, 6),
                Tables = MySqlStateColumns.Texts(r, 7),
                DifferingTables = MySqlStateColumns.Texts(r, 8),
                ChunksChecked = r.GetInt64(9),
                ChunksDiffering = r.GetInt64(10),
            });
        }

        return runs;
    }
}
