using Godwit.Core.Connections;
using Npgsql;

namespace Godwit.Postgres.Cutover;

/// <summary>
/// <c>godwit.cutovers</c>: one row per cutover attempt, its current step and, at the end, its result and report.
/// The switch step commits a row change here before the application is sent to the target, which proves the
/// target takes writes at that moment. A row left at step <c>freeze</c>/<c>drain</c>/… without a result is a
/// cutover that was killed while the source was frozen: <c>godwit cutover --abort</c> undoes it.
/// </summary>
public static class PgCutoverStore
{
    public static async Task<long> BeginAsync(ConnectionUri target, string? stream, string sourceDatabase, string targetSchema, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        await State.PgStateSchema.EnsureAsync(connection, cancellationToken);

        await using var insert = new NpgsqlCommand(
            "INSERT INTO godwit.cutovers (stream, source_database, target_schema, step) VALUES ($1, $2, $3, 'gates') RETURNING id", connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)stream ?? DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter { Value = sourceDatabase });
        insert.Parameters.Add(new NpgsqlParameter { Value = targetSchema });
        return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Records the step being entered (and whether the source is frozen) on a fresh connection; throws when the target does not take it.</summary>
    public static async Task StepAsync(
        ConnectionUri target, long id, string step, bool sourceFrozen, string? sourcePosition, string? sourceGtid, CancellationToken cancellationToken, long? routingVersion = null)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        await using var update = new NpgsqlCommand(
            "UPDATE godwit.cutovers SET step = $2, source_frozen = $3, source_position = coalesce($4, source_position), source_gtid = coalesce($5, source_gtid), "
            + "routing_version = coalesce($6, routing_version) WHERE id = $1",
            connection);
        update.Parameters.Add(new NpgsqlParameter { Value = id });
        update.Parameters.Add(new NpgsqlParameter { Value = step });
        update.Parameters.Add(new NpgsqlParameter { Value = sourceFrozen });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)sourcePosition ?? DBNull.Value });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)sourceGtid ?? DBNull.Value });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)routingVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task FinishAsync(
        ConnectionUri target, long id, string result, bool sourceFrozen, long? freezeMs, long? routingVersion, string? abortReason, string reportJson, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        await using var update = new NpgsqlCommand(
            "UPDATE godwit.cutovers SET result = $2, source_frozen = $3, freeze_ms = $4, routing_version = coalesce($5, routing_version), abort_reason = $6, report = $7::jsonb, finished_at = now() WHERE id = $1",
            connection);
        update.Parameters.Add(new NpgsqlParameter { Value = id });
        update.Parameters.Add(new NpgsqlParameter { Value = result });
        update.Parameters.Add(new NpgsqlParameter { Value = sourceFrozen });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)freezeMs ?? DBNull.Value });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)routingVersion ?? DBNull.Value });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)abortReason ?? DBNull.Value });
        update.Parameters.Add(new NpgsqlParameter { Value = reportJson });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Records that the switch command is about to run with GODWIT_PRIMARY=target: a cutover killed after this may have
    /// moved the application by the command alone, and <c>godwit cutover --abort</c> must run the command back.
    /// </summary>
    public static async Task SwitchCommandStartingAsync(ConnectionUri target, long id, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        await using var update = new NpgsqlCommand("UPDATE godwit.cutovers SET switch_command = true WHERE id = $1", connection);
        update.Parameters.Add(new NpgsqlParameter { Value = id });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>What a cutover recorded about its switch: the routing version reserved for an undo, and whether its switch command started.</summary>
    public static async Task<(long? UndoVersion, bool SwitchCommand)> SwitchFactsAsync(ConnectionUri target, long id, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        await using var select = new NpgsqlCommand("SELECT routing_version, switch_command FROM godwit.cutovers WHERE id = $1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetBoolean(1)) : (null, false);
    }

    /// <summary>The first key of the per-schema advisory lock a cutover (or <c>--abort</c>) holds while it runs.</summary>
    public const int LockSpace = 7405924;

    /// <summary>
    /// Takes the schema's cutover lock on a connection of its own, held until that connection is disposed; null when
    /// another cutover (or <c>--abort</c>) of the schema holds it. Two at once could unfreeze the source under each other.
    /// </summary>
    public static async Task<NpgsqlConnection?> LockAsync(ConnectionUri target, string targetSchema, CancellationToken cancellationToken)
    {
        var connection = await PgConnectionFactory.OpenAsync(target, pooled: false, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, hashtext($2))", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = LockSpace });
            command.Parameters.Add(new NpgsqlParameter { Value = targetSchema });
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return connection;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>The highest routing version any cutover of <paramref name="targetSchema"/> used (forward or undo), or 0.</summary>
    public static async Task<long> MaxRoutingVersionAsync(ConnectionUri target, string targetSchema, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        if (!await PgRelation.ExistsAsync(connection, "godwit.cutovers", cancellationToken))
        {
            return 0;
        }

        await using var select = new NpgsqlCommand("SELECT coalesce(max(routing_version), 0) FROM godwit.cutovers WHERE target_schema = $1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = targetSchema });
        return (long)(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The latest cutover of <paramref name="targetSchema"/>: (id, step, source_frozen, result), or null.</summary>
    public static async Task<(long Id, string Step, bool SourceFrozen, string? Result)?> LatestAsync(ConnectionUri target, string targetSchema, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        return await LatestAsync(connection, targetSchema, cancellationToken);
    }

    /// <summary>The same, on a connection already open (the change stream asks every second while idle).</summary>
    public static async Task<(long Id, string Step, bool SourceFrozen, string? Result)?> LatestAsync(NpgsqlConnection connection, string targetSchema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!await PgRelation.ExistsAsync(connection, "godwit.cutovers", cancellationToken))
        {
            return null;
        }

        await using var select = new NpgsqlCommand(
            "SELECT id, step, source_frozen, result FROM godwit.cutovers WHERE target_schema = $1 ORDER BY id DESC LIMIT 1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = targetSchema });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }
}
