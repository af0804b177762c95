using Godwit.Core.Dashboard;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Dashboard;

/// <summary>The latest switches recorded onto a MySQL target (<c>godwit.cutovers</c>, layout 2), with the steps of a finished one from its report.</summary>
internal static class MySqlSwitchRecordReader
{
    private const int Records = 20;

    public static async Task<IReadOnlyList<SwitchRecord>> ReadAsync(MySqlConnection connection, int version, CancellationToken cancellationToken)
    {
        if (version < 2)
        {
            return [];
        }

        var records = new List<SwitchRecord>();
        await using var reader = await connection.QueryAsync(
            $"SELECT id, stream, target_schema, step, source_frozen, result, freeze_ms, abort_reason, started_at, finished_at, report FROM godwit.cutovers ORDER BY id DESC LIMIT {Records}",
            cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new SwitchRecord
            {
                Id = reader.GetInt64(0),

                // A switch onto a MySQL target is, today, a rollback onto the old source.
                Kind = OldSourceState.RollbackKind,
                Stream = MySqlStateColumns.Text(reader, 1),
                TargetSchema = reader.GetString(2),
                Step = reader.GetString(3),
                SourceFrozen = reader.GetInt64(4) != 0,
                Result = MySqlStateColumns.Text(reader, 5),
                FreezeMs = MySqlStateColumns.Int64(reader, 6),
                AbortReason = MySqlStateColumns.Text(reader, 7),
                StartedAt = MySqlStateColumns.Time(reader, 8)!.Value,
                FinishedAt = MySqlStateColumns.Time(reader, 9),
                Steps = SwitchSteps.FromReport(MySqlStateColumns.Text(reader, 10)),
            });
        }

        return records;
    }
}
