using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>
/// <c>godwit.sync_state</c> on a MySQL target: one row per stream, whose position is written in the same transaction
/// as the rows it covers (<see cref="ProgressAsync"/>), so a source transaction is applied exactly once across crashes.
/// </summary>
internal static class MySqlSyncStateStore
{
    public static Task InitializeAsync(MySqlConnection connection, string stream, string sourceDatabase, string targetSchema, StreamPosition start, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            """
            INSERT INTO godwit.sync_state (stream, source_database, target_schema, position_engine, position, status)
            VALUES (?, ?, ?, ?, ?, 'new')
            ON DUPLICATE KEY UPDATE source_database = VALUES(source_database), target_schema = VALUES(target_schema),
                position_engine = VALUES(position_engine), position = VALUES(position),
                last_error = NULL, last_error_at = NULL, status = 'new', updated_at = CURRENT_TIMESTAMP(6)
            """,
            [stream, sourceDatabase, targetSchema, start.Engine, start.Token],
            cancellationToken);

    /// <summary>The stream's committed position, or null (no row, or none applied yet).</summary>
    public static async Task<StreamState?> ReadAsync(MySqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        if (await MySqlStateSchema.CurrentAsync(connection, cancellationToken) is null)
        {
            return null;
        }

        await using var statement = await connection.PrepareAsync(
            "SELECT status, last_error, events_applied, position_engine, position FROM godwit.sync_state WHERE stream = ?", cancellationToken);
        await using var reader = await statement.QueryAsync([stream], cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var applied = reader.IsDBNull(3) || reader.IsDBNull(4) ? null : new StreamPosition(reader.GetString(3), reader.GetString(4));
        return new StreamState(stream, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), applied);
    }

    /// <summary>The stream applying <paramref name="sourceDatabase"/> into <paramref name="targetSchema"/> (the most recently updated), or null.</summary>
    public static async Task<StreamState?> FindAsync(MySqlConnection connection, string sourceDatabase, string targetSchema, CancellationToken cancellationToken)
    {
        if (await MySqlStateSchema.CurrentAsync(connection, cancellationToken) is null)
        {
            return null;
        }

        string? stream;
        await using (var statement = await connection.PrepareAsync(
            "SELECT stream FROM godwit.sync_state WHERE source_database = ? AND target_schema = ? ORDER BY updated_at DESC LIMIT 1", cancellationToken))
        {
            await using var reader = await statement.QueryAsync([sourceDatabase, targetSchema], cancellationToken);
            stream = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null;
        }

        return stream is null ? null : await ReadAsync(connection, stream, cancellationToken);
    }

    /// <summary>The position update of one apply transaction; runs inside it.</summary>
    public static Task ProgressAsync(MySqlConnection connection, string stream, StreamProgress progress, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            """
            UPDATE godwit.sync_state SET position_engine = ?, position = ?, last_event_time = COALESCE(?, last_event_time),
                applied_at = CURRENT_TIMESTAMP(6), events_applied = events_applied + ?, rows_applied = rows_applied + ?,
                transactions_applied = transactions_applied + ?, lag_seconds = ?, events_per_second = ?,
                source_head = COALESCE(?, source_head), status = ?, updated_at = CURRENT_TIMESTAMP(6)
             WHERE stream = ?
            """,
            [
                progress.Position.Engine, progress.Position.Token, progress.LastEventTime?.UtcDateTime, progress.Events, progress.Rows,
                progress.Transactions, progress.LagSeconds, progress.EventsPerSecond, progress.SourceHead?.Token, progress.Status, stream,
            ],
            cancellationToken);

    /// <summary>
    /// Records an error or a status change outside any apply transaction. An error counts in the stream's
    /// <c>errors</c>, and the status <c>reconnecting</c> (a failure the engine retries) in its <c>reconnects</c>.
    /// </summary>
    public static Task SetStatusAsync(MySqlConnection connection, string stream, string status, string? error, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            """
            UPDATE godwit.sync_state SET status = ?, last_error = COALESCE(?, last_error),
                last_error_at = IF(? IS NULL, last_error_at, CURRENT_TIMESTAMP(6)), updated_at = CURRENT_TIMESTAMP(6),
                errors = errors + IF(? IS NULL, 0, 1), reconnects = reconnects + IF(? = 'reconnecting', 1, 0)
             WHERE stream = ?
            """,
            [status, error, error, error, status, stream],
            cancellationToken);

    /// <summary>Every stream the target holds, for <c>godwit status</c>.</summary>
    public static async Task<IReadOnlyList<StreamReport>> ReadAllAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var reports = new List<StreamReport>();
        var version = await MySqlStateSchema.CurrentAsync(connection, cancellationToken);
        if (version is null)
        {
            return reports;
        }

        // Layout 3's counters; a state not brought to it yet (status and the dashboard never write) reads them as 0.
        var counters = version >= 3 ? "errors, reconnects" : "0, 0";
        await using (var reader = await connection.QueryAsync(
            $"""
            SELECT stream, status, source_database, target_schema, position_engine, position, source_head, lag_seconds, events_per_second,
                   events_applied, rows_applied, transactions_applied, last_event_time, applied_at, updated_at, last_error, last_error_at, {counters}
              FROM godwit.sync_state ORDER BY stream
            """, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var engine = reader.IsDBNull(4) ? null : reader.GetString(4);
                reports.Add(new StreamReport
                {
                    Stream = reader.GetString(0),
                    Status = reader.GetString(1),
                    SourceDatabase = Text(reader, 2),
                    TargetSchema = Text(reader, 3),
                    Applied = engine is null || reader.IsDBNull(5) ? null : new StreamPosition(engine, reader.GetString(5)),
                    SourceHead = engine is null || reader.IsDBNull(6) ? null : new StreamPosition(engine, reader.GetString(6)),
                    LagSeconds = reader.IsDBNull(7) ? null : reader.GetDouble(7),
                    EventsPerSecond = reader.IsDBNull(8) ? null : reader.GetDouble(8),
                    EventsApplied = reader.GetInt64(9),
                    RowsApplied = reader.GetInt64(10),
                    TransactionsApplied = reader.GetInt64(11),
                    LastEventTime = Time(reader, 12),
                    AppliedAt = Time(reader, 13),
                    UpdatedAt = Time(reader, 14),
                    LastError = Text(reader, 15),
                    LastErrorAt = Time(reader, 16),
                    Errors = reader.GetInt64(17),
                    Reconnects = reader.GetInt64(18),
                });
            }
        }

        for (var i = 0; i < reports.Count; i++)
        {
            reports[i] = reports[i] with { Running = await MySqlStreamLock.HolderAsync(connection, reports[i].Stream, cancellationToken) is not null };
        }

        return reports;
    }

    private static string? Text(MySqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // The sessions run in UTC (MySqlTargetSessions), so a TIMESTAMP reads back as UTC.
    private static DateTimeOffset? Time(MySqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));
}
