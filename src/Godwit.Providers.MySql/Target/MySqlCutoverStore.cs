using Godwit.Core.Providers;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target;

/// <summary>
/// <c>godwit.cutovers</c> on a MySQL target, as on PostgreSQL: one row per attempt, its step, and at the end its result
/// and report. Each write is its own statement on its own connection, so a step recorded is a step the target took.
/// </summary>
internal static class MySqlCutoverStore
{
    public static async Task<long> BeginAsync(MySqlConnection connection, string? stream, string sourceDatabase, string targetSchema, CancellationToken cancellationToken)
    {
        await MySqlStateSchema.EnsureAsync(connection, cancellationToken);
        var result = await connection.ExecuteAsync(
            "INSERT INTO godwit.cutovers (stream, source_database, target_schema, step) VALUES (?, ?, ?, 'gates')", [stream, sourceDatabase, targetSchema], cancellationToken);
        return checked((long)result.LastInsertId);
    }

    public static Task StepAsync(
        MySqlConnection connection, long id, string step, bool sourceFrozen, string? position, string? gtid, long? routingVersion, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "UPDATE godwit.cutovers SET step = ?, source_frozen = ?, source_position = COALESCE(?, source_position), source_gtid = COALESCE(?, source_gtid), "
            + "routing_version = COALESCE(?, routing_version) WHERE id = ?",
            [step, sourceFrozen, position, gtid, routingVersion, id],
            cancellationToken);

    public static Task FinishAsync(
        MySqlConnection connection, long id, string result, bool sourceFrozen, long? freezeMs, long? routingVersion, string? abortReason, string reportJson, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "UPDATE godwit.cutovers SET result = ?, source_frozen = ?, freeze_ms = ?, routing_version = COALESCE(?, routing_version), abort_reason = ?, report = ?, "
            + "finished_at = CURRENT_TIMESTAMP(6) WHERE id = ?",
            [result, sourceFrozen, freezeMs, routingVersion, abortReason, reportJson, id],
            cancellationToken);

    public static Task SwitchCommandStartingAsync(MySqlConnection connection, long id, CancellationToken cancellationToken) =>
        connection.ExecuteAsync("UPDATE godwit.cutovers SET switch_command = TRUE WHERE id = ?", [id], cancellationToken);

    public static async Task<(long? UndoVersion, bool SwitchCommand)> SwitchFactsAsync(MySqlConnection connection, long id, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync("SELECT routing_version, switch_command FROM godwit.cutovers WHERE id = ?", cancellationToken);
        await using var reader = await statement.QueryAsync([id], cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1) != 0) : (null, false);
    }

    public static async Task<long> MaxRoutingVersionAsync(MySqlConnection connection, string targetSchema, CancellationToken cancellationToken)
    {
        if (await MySqlStateSchema.CurrentAsync(connection, cancellationToken) is not >= 2)
        {
            return 0;
        }

        await using var statement = await connection.PrepareAsync("SELECT COALESCE(MAX(routing_version), 0) FROM godwit.cutovers WHERE target_schema = ?", cancellationToken);
        await using var reader = await statement.QueryAsync([targetSchema], cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
    }

    public static async Task<CutoverRecord?> LatestAsync(MySqlConnection connection, string targetSchema, CancellationToken cancellationToken)
    {
        if (await MySqlStateSchema.CurrentAsync(connection, cancellationToken) is not >= 2)
        {
            return null;
        }

        await using var statement = await connection.PrepareAsync(
            "SELECT id, step, source_frozen, result FROM godwit.cutovers WHERE target_schema = ? ORDER BY id DESC LIMIT 1", cancellationToken);
        await using var reader = await statement.QueryAsync([targetSchema], cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CutoverRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) != 0, reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    public static Task MarkRolledBackAsync(MySqlConnection connection, string targetSchema, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "UPDATE godwit.cutovers c JOIN (SELECT MAX(id) AS id FROM godwit.cutovers WHERE target_schema = ? AND result = 'switched') l ON l.id = c.id SET c.result = 'rolled-back'",
            [targetSchema],
            cancellationToken);

    /// <summary>The guard's record merged into the cutover's report (<c>$.guard</c>).</summary>
    public static Task RecordGuardAsync(MySqlConnection connection, long id, string guardJson, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "UPDATE godwit.cutovers SET report = JSON_SET(COALESCE(report, JSON_OBJECT()), '$.guard', JSON_EXTRACT(?, '$')) WHERE id = ?",
            [guardJson, id],
            cancellationToken);

    /// <summary>The guard of the latest cutover of <paramref name="targetSchema"/>, or null.</summary>
    public static async Task<string?> LatestGuardAsync(MySqlConnection connection, string targetSchema, CancellationToken cancellationToken)
    {
        if (await MySqlStateSchema.CurrentAsync(connection, cancellationToken) is not >= 2)
        {
            return null;
        }

        await using var statement = await connection.PrepareAsync(
            "SELECT JSON_EXTRACT(report, '$.guard') FROM godwit.cutovers WHERE target_schema = ? ORDER BY id DESC LIMIT 1", cancellationToken);
        await using var reader = await statement.QueryAsync([targetSchema], cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetString(0) : null;
    }
}
