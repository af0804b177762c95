using Godwit.Core.Dashboard;
using Godwit.MySql;
using Godwit.Providers.MySql.Target.Apply;

namespace Godwit.Providers.MySql.Target;

/// <summary>
/// What the dashboard reads of a MySQL target's <c>godwit</c> database: its streams (the reverse stream after a
/// cutover lives here, on the old source) and the switches recorded onto it (rollbacks). It never creates the
/// database. Copy runs, lag samples and verify runs of a MySQL target are not shown yet.
/// </summary>
internal sealed class MySqlMigrationStateReader(MySqlTargetSessions sessions) : IMigrationStateReader
{
    private const int Records = 20;

    public async Task<MigrationState> ReadAsync(TimeSpan history, CancellationToken cancellationToken)
    {
        await using var connection = await sessions.OpenAsync(cancellationToken);
        var now = DateTime.SpecifyKind(await connection.ScalarAsync<DateTime>("SELECT UTC_TIMESTAMP(6)", cancellationToken), DateTimeKind.Utc);
        return new MigrationState
        {
            ReadAt = new DateTimeOffset(now),
            Streams = await MySqlSyncStateStore.ReadAllAsync(connection, cancellationToken),
            Switches = await SwitchesAsync(connection, cancellationToken),
        };
    }

    private static async Task<IReadOnlyList<SwitchRecord>> SwitchesAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        if (await MySqlStateSchema.CurrentAsync(connection, cancellationToken) is not >= 2)
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
                Kind = "rollback",
                Stream = reader.IsDBNull(1) ? null : reader.GetString(1),
                TargetSchema = reader.GetString(2),
                Step = reader.GetString(3),
                SourceFrozen = reader.GetInt64(4) != 0,
                Result = reader.IsDBNull(5) ? null : reader.GetString(5),
                FreezeMs = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                AbortReason = reader.IsDBNull(7) ? null : reader.GetString(7),
                StartedAt = Utc(reader.GetDateTime(8)),
                FinishedAt = reader.IsDBNull(9) ? null : Utc(reader.GetDateTime(9)),
                Steps = SwitchSteps.FromReport(reader.IsDBNull(10) ? null : reader.GetString(10)),
            });
        }

        return records;
    }

    // The sessions run in UTC (MySqlTargetSessions).
    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
