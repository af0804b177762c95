using Godwit.Core.Dashboard;
using Npgsql;

namespace Godwit.Postgres.Dashboard;

/// <summary>
/// The latest cutovers from <c>godwit.cutovers</c>, with the steps of a finished one from its report. Read as a kind
/// plus steps, so a rollback recorded in the same shape shows without a change here beyond its kind.
/// </summary>
internal static class PgSwitchRecordReader
{
    private const int Records = 20;

    public static async Task<IReadOnlyList<SwitchRecord>> ReadAsync(NpgsqlConnection pg, CancellationToken cancellationToken)
    {
        if (!await PgRelation.ExistsAsync(pg, "godwit.cutovers", cancellationToken))
        {
            return [];
        }

        await using var cmd = new NpgsqlCommand(
            $"""
            SELECT id, stream, target_schema, step, source_frozen, result, freeze_ms, abort_reason, started_at, finished_at, report::text
              FROM godwit.cutovers ORDER BY id DESC LIMIT {Records}
            """, pg);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var records = new List<SwitchRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            records.Add(new SwitchRecord
            {
                Id = r.GetInt64(0),
                Kind = "cutover",
                Stream = PgStateColumns.Text(r, 1),
                TargetSchema = r.GetString(2),
                Step = r.GetString(3),
                SourceFrozen = r.GetBoolean(4),
                Result = PgStateColumns.Text(r, 5),
                FreezeMs = PgStateColumns.Int64(r, 6),
                AbortReason = PgStateColumns.Text(r, 7),
                StartedAt = PgStateColumns.Time(r, 8)!.Value,
                FinishedAt = PgStateColumns.Time(r, 9),
                Steps = SwitchSteps.FromReport(PgStateColumns.Text(r, 10)),
            });
        }

        return records;
    }
}
