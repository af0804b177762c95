using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// <c>godwit.sync_state</c>: one row per stream with the source position the target has applied up to. The
/// apply updates it inside every apply transaction, so the rows and the position commit together: after a
/// crash the row says exactly which source transactions the target holds, and the stream resumes there.
/// </summary>
public static class PgSyncStateStore
{
    private const string Columns =
        "stream, source_database, target_schema, binlog_file, binlog_pos, gtid, last_event_time, applied_at, events_applied, rows_applied, "
        + "transactions_applied, lag_seconds, events_per_second, source_file, source_pos, status, last_error, last_error_at, updated_at, "
        + "position_engine, position, source_head";

    /// <summary>The counters of layout 5; a state not brought to it yet (read by status or the dashboard, which never write) reads them as 0.</summary>
    private const string Counters = ", errors, reconnects";

    private const string NoCounters = ", 0::bigint, 0::bigint";

    /// <summary>Makes the godwit schema (the one bootstrap, <see cref="State.PgStateSchema"/>).</summary>
    public static Task EnsureAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        State.PgStateSchema.EnsureAsync(connection, cancellationToken);

    public static async Task<SyncState?> ReadAsync(NpgsqlConnection connection, string stream, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, $"SELECT {await ColumnsAsync(connection, cancellationToken)} FROM godwit.sync_state WHERE stream = $1", stream, cancellationToken)).FirstOrDefault();

    /// <summary>Every stream (for <c>godwit status</c>); empty when sync never ran on this target.</summary>
    public static async Task<IReadOnlyList<SyncState>> ReadAllAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (!await PgRelation.ExistsAsync(connection, "godwit.sync_state", cancellationToken))
        {
            return [];
        }

        return await QueryAsync(connection, $"SELECT {await ColumnsAsync(connection, cancellationToken)} FROM godwit.sync_state ORDER BY stream", null, cancellationToken);
    }

    private static async Task<string> ColumnsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        Columns + (await State.PgStateSchema.CurrentAsync(connection, cancellationToken) >= 5 ? Counters : NoCounters);

    /// <summary>
    /// The stream that applies <paramref name="sourceDatabase"/> into <paramref name="targetSchema"/> (the one named like
    /// the schema, else the most recently updated), or null when none ever ran for them.
    /// </summary>
    public static async Task<SyncState?> FindAsync(NpgsqlConnection connection, string sourceDatabase, string targetSchema, CancellationToken cancellationToken)
    {
        var streams = (await ReadAllAsync(connection, cancellationToken))
            .Where(s => string.Equals(s.SourceDatabase, sourceDatabase, StringComparison.Ordinal) && string.Equals(s.TargetSchema, targetSchema, StringComparison.Ordinal))
            .ToList();
        return streams.FirstOrDefault(s => string.Equals(s.Stream, targetSchema, StringComparison.Ordinal))
            ?? streams.OrderByDescending(s => s.UpdatedAt).FirstOrDefault();
    }

    /// <summary>Sets the stream's row to its start position (made when there is none; an explicit start replaces the saved one).</summary>
    public static async Task InitializeAsync(
        NpgsqlConnection connection, string stream, string sourceDatabase, string targetSchema, StreamPosition start, CancellationToken cancellationToken)
    {
        var (engine, token, file, offset, gtids) = State.PgStoredPosition.Columns(start);
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO godwit.sync_state (stream, source_database, target_schema, binlog_file, binlog_pos, gtid, position_engine, position, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'new')
            ON CONFLICT (stream) DO UPDATE SET binlog_file = EXCLUDED.binlog_file, binlog_pos = EXCLUDED.binlog_pos, gtid = EXCLUDED.gtid,
                position_engine = EXCLUDED.position_engine, position = EXCLUDED.position,
                last_error = NULL, last_error_at = NULL, status = 'new', updated_at = now()
            """, connection);
        Add(cmd, stream);
        Add(cmd, sourceDatabase);
        Add(cmd, targetSchema);
        Add(cmd, file);
        Add(cmd, offset);
        Add(cmd, gtids);
        Add(cmd, engine);
        Add(cmd, token);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The position update of one apply transaction; runs in that transaction (and can ride in its last batch). The
    /// position is kept as engine and token, and for MySQL also as binlog file, offset and GTIDs (<see cref="State.PgStoredPosition"/>).
    /// </summary>
    public static NpgsqlBatchCommand ProgressCommand(string stream, StreamProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var (engine, token, file, offset, gtids) = State.PgStoredPosition.Columns(progress.Position);
        var head = State.PgStoredPosition.Columns(progress.SourceHead);
        // With an epoch (a stream grain on the cluster) the fence is checked first, in this same transaction.
        var cmd = new NpgsqlBatchCommand(
            (progress.Epoch is null ? string.Empty : "WITH fence AS (SELECT godwit.stream_fence_check($1, $17) AS ok) ")
            + """
            UPDATE godwit.sync_state SET binlog_file = $2, binlog_pos = $3, gtid = $4, last_event_time = coalesce($5, last_event_time),
                applied_at = now(), events_applied = events_applied + $6, rows_applied = rows_applied + $7,
                transactions_applied = transactions_applied + $8, lag_seconds = $9, events_per_second = $10,
                source_file = coalesce($11, source_file), source_pos = coalesce($12, source_pos), status = $13, updated_at = now(),
                position_engine = $14, position = $15, source_head = coalesce($16, source_head)
             WHERE stream = $1
            """ + (progress.Epoch is null ? string.Empty : " AND (SELECT ok FROM fence)"));
        Add(cmd, stream);
        Add(cmd, file);
        Add(cmd, offset);
        Add(cmd, gtids);
        Add(cmd, progress.LastEventTime?.UtcDateTime);
        Add(cmd, progress.Events);
        Add(cmd, progress.Rows);
        Add(cmd, progress.Transactions);
        Add(cmd, progress.LagSeconds);
        Add(cmd, progress.EventsPerSecond);
        Add(cmd, head.File);
        Add(cmd, head.Offset);
        Add(cmd, progress.Status);
        Add(cmd, engine);
        Add(cmd, token);
        Add(cmd, head.Token);
        if (progress.Epoch is { } epoch)
        {
            Add(cmd, epoch);
        }

        return cmd;
    }

    /// <summary>
    /// Records an error or a status change outside any apply transaction (best effort: the target may be what failed).
    /// An error counts in the stream's <c>errors</c>, and the status <c>reconnecting</c> (a failure the engine retries)
    /// in its <c>reconnects</c>.
    /// </summary>
    public static async Task SetStatusAsync(NpgsqlConnection connection, string stream, string status, string? error, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            """
            UPDATE godwit.sync_state SET status = $2, last_error = coalesce($3, last_error),
                last_error_at = CASE WHEN $3 IS NULL THEN last_error_at ELSE now() END, updated_at = now(),
                errors = errors + CASE WHEN $3 IS NULL THEN 0 ELSE 1 END,
                reconnects = reconnects + CASE WHEN $2 = 'reconnecting' THEN 1 ELSE 0 END
             WHERE stream = $1
            """, connection);
        Add(cmd, stream);
        Add(cmd, status);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The copy's recorded start for CDC, for the latest copy run of the stream.</summary>
    public static async Task<CdcStart?> ReadCdcStartAsync(NpgsqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        if (!await PgRelation.ExistsAsync(connection, "godwit.cdc_start", cancellationToken))
        {
            return null;
        }

        await using var cmd = new NpgsqlCommand(
            """
            SELECT s.run_id, s.binlog_file, s.binlog_pos, s.gtid, s.method, s.position_engine, s.position
              FROM godwit.cdc_start s JOIN godwit.copy_runs r ON r.run_id = s.run_id
             WHERE r.stream = $1
             ORDER BY s.run_id DESC LIMIT 1
            """, connection);
        Add(cmd, stream);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? new CdcStart(r.GetInt64(0), State.PgStoredPosition.Read(Text(r, 5), Text(r, 6), Text(r, 1), r.IsDBNull(2) ? null : r.GetInt64(2), Text(r, 3)), r.GetString(4))
            : null;
    }

    private static async Task<List<SyncState>> QueryAsync(NpgsqlConnection connection, string sql, string? stream, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        if (stream is not null)
        {
            Add(cmd, stream);
        }

        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var states = new List<SyncState>();
        while (await r.ReadAsync(cancellationToken))
        {
            states.Add(new SyncState
            {
                Stream = r.GetString(0),
                SourceDatabase = Text(r, 1),
                TargetSchema = Text(r, 2),
                BinlogFile = Text(r, 3),
                BinlogPos = r.IsDBNull(4) ? null : r.GetInt64(4),
                Gtid = Text(r, 5),
                LastEventTime = Time(r, 6),
                AppliedAt = Time(r, 7),
                EventsApplied = r.GetInt64(8),
                RowsApplied = r.GetInt64(9),
                TransactionsApplied = r.GetInt64(10),
                LagSeconds = r.IsDBNull(11) ? null : r.GetDouble(11),
                EventsPerSecond = r.IsDBNull(12) ? null : r.GetDouble(12),
                SourceFile = Text(r, 13),
                SourcePos = r.IsDBNull(14) ? null : r.GetInt64(14),
                Status = Text(r, 15),
                LastError = Text(r, 16),
                LastErrorAt = Time(r, 17),
                UpdatedAt = Time(r, 18),
                PositionEngine = Text(r, 19),
                PositionToken = Text(r, 20),
                SourceHeadToken = Text(r, 21),
                Errors = r.GetInt64(22),
                Reconnects = r.GetInt64(23),
            });
        }

        return states;
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) =>
        r.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));

    private static void Add(NpgsqlCommand cmd, object? value) => cmd.Parameters.Add(Parameter(value));

    private static void Add(NpgsqlBatchCommand cmd, object? value) => cmd.Parameters.Add(Parameter(value));

    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        _ => new NpgsqlParameter { Value = value },
    };

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
