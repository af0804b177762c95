using Godwit.Core.Dashboard;
using Npgsql;

namespace Godwit.Postgres.Dashboard;

/// <summary>The latest verify runs from <c>godwit.verify_runs</c>, with their chunks counted from <c>godwit.verify_chunks</c>.</summary>
internal static class PgVerifyRunReader
{
    private const int Runs = 20;

    public static async Task<IReadOnlyList<VerifyRunRecord>> ReadAsync(NpgsqlConnection pg, CancellationToken cancellationToken)
    {
        if (!await PgRelation.ExistsAsync(pg, "godwit.verify_runs", cancellationToken))
        {
            return [];
        }

        await using var cmd = new NpgsqlCommand(
            $"""
            SELECT v.run_id, v.description, v.target_schema, v.mode, v.started_at, v.finished_at, v.differences, v.tables, v.differing_tables,
                   (SELECT count(*) FROM godwit.verify_chunks c WHERE c.run_id = v.run_id),
                   (SELECT count(*) FROM godwit.verify_chunks c WHERE c.run_id = v.run_id AND NOT c.equal)
              FROM godwit.verify_runs v ORDER BY v.started_at DESC LIMIT {Runs}
            """, pg);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var runs = new List<VerifyRunRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            runs.Add(new VerifyRunRecord
            {
                RunId = r.GetString(0),
                Description = r.GetString(1),
                TargetSchema = PgStateColumns.Text(r, 2),
                Mode = PgStateColumns.Text(r, 3),
                StartedAt = PgStateColumns.Time(r, 4)!.Value,
                FinishedAt = PgStateColumns.Time(r, 5),
                Differences = PgStateColumns.Int64(r, 6),
                Tables = PgStateColumns.Texts(r, 7),
                DifferingTables = PgStateColumns.Texts(r, 8),
                ChunksChecked = r.GetInt64(9),
                ChunksDiffering = r.GetInt64(10),
            });
        }

        return runs;
    }
}
