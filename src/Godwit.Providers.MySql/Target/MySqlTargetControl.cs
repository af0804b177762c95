using System.Globalization;
using Godwit.Core.Ddl;
using Godwit.Core.Providers;
using Godwit.Core.Verify;
using Godwit.MySql;
using Godwit.Providers.MySql.Target.Apply;
using Godwit.Providers.MySql.Verify;

namespace Godwit.Providers.MySql.Target;

/// <summary>
/// MySQL/MariaDB as a cutover's target (a rollback onto the old source, or a MySQL → MySQL cutover):
/// <c>godwit.cutovers</c>, the stream's state and lock, the target's gates, AUTO_INCREMENT counters moved past the
/// source's values, and the switch that makes a server left read_only by an earlier cutover take writes again.
/// </summary>
internal sealed class MySqlTargetControl(MySqlTargetSessions sessions) : ITargetControl
{
    private MySqlConnection? _connection;

    public async Task<IAsyncDisposable?> LockCutoverAsync(string schema, CancellationToken cancellationToken) =>
        await MySqlCutoverLock.TryTakeAsync(sessions, schema, cancellationToken);

    public async Task<CutoverRecord?> LatestCutoverAsync(string schema, CancellationToken cancellationToken) =>
        await MySqlCutoverStore.LatestAsync(await ConnectionAsync(cancellationToken), schema, cancellationToken);

    public async Task<long> BeginCutoverAsync(string? stream, string sourceSchema, string targetSchema, CancellationToken cancellationToken)
    {
        await using var connection = await sessions.OpenAsync(cancellationToken);
        return await MySqlCutoverStore.BeginAsync(connection, stream, sourceSchema, targetSchema, cancellationToken);
    }

    public async Task StepAsync(long id, string step, bool sourceFrozen, string? position, string? transactionState, long? reservedVersion, CancellationToken cancellationToken)
    {
        // A fresh connection each time: a step recorded proves the target took a write just now.
        await using var connection = await sessions.OpenAsync(cancellationToken);
        await MySqlCutoverStore.StepAsync(connection, id, step, sourceFrozen, position, transactionState, reservedVersion, cancellationToken);
    }

    public async Task SwitchCommandStartingAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await sessions.OpenAsync(cancellationToken);
        await MySqlCutoverStore.SwitchCommandStartingAsync(connection, id, cancellationToken);
    }

    public async Task<(long? UndoVersion, bool SwitchCommandStarted)> SwitchFactsAsync(long id, CancellationToken cancellationToken) =>
        await MySqlCutoverStore.SwitchFactsAsync(await ConnectionAsync(cancellationToken), id, cancellationToken);

    public async Task<long> MaxRoutingVersionAsync(string schema, CancellationToken cancellationToken) =>
        await MySqlCutoverStore.MaxRoutingVersionAsync(await ConnectionAsync(cancellationToken), schema, cancellationToken);

    public async Task FinishCutoverAsync(
        long id, string result, bool sourceFrozen, long? freezeMs, long? routingVersion, string? abortReason, string reportJson, CancellationToken cancellationToken)
    {
        await using var connection = await sessions.OpenAsync(cancellationToken);
        await MySqlCutoverStore.FinishAsync(connection, id, result, sourceFrozen, freezeMs, routingVersion, abortReason, reportJson, cancellationToken);
    }

    public async Task<StreamState?> FindStreamAsync(string? stream, string sourceSchema, string targetSchema, CancellationToken cancellationToken) =>
        stream is not null
            ? await ReadStreamAsync(stream, cancellationToken)
            : await MySqlSyncStateStore.FindAsync(await ConnectionAsync(cancellationToken), sourceSchema, targetSchema, cancellationToken);

    public async Task<StreamState?> ReadStreamAsync(string stream, CancellationToken cancellationToken) =>
        await MySqlSyncStateStore.ReadAsync(await ConnectionAsync(cancellationToken), stream, cancellationToken);

    public async Task<int?> StreamApplierAsync(string stream, CancellationToken cancellationToken) =>
        await MySqlStreamLock.HolderAsync(await ConnectionAsync(cancellationToken), stream, cancellationToken) is { } id ? checked((int)id) : null;

    /// <summary>Every table of the plan is in the target database (InnoDB checks its keys as rows arrive: nothing waits to be validated).</summary>
    public async Task<GateResults> CheckAsync(PgSchemaPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var existing = (await MySqlSchemaApplier.ExistingAsync(await ConnectionAsync(cancellationToken), plan.TargetSchema, cancellationToken))
            .Select(e => e.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = plan.Tables.Where(t => !existing.Contains(t.Name)).Select(t => t.Name).ToList();
        return missing.Count > 0
            ? new GateResults([$"tables missing in `{plan.TargetSchema}` on the target: {string.Join(", ", missing)}"], [])
            : new GateResults([], [string.Create(CultureInfo.InvariantCulture, $"{plan.Tables.Count} tables present in `{plan.TargetSchema}`")]);
    }

    public async Task<IReadOnlyList<string>> MoveIdentitiesAsync(IReadOnlyList<IdentityMark> marks, long gap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var connection = await ConnectionAsync(cancellationToken);
        var done = new List<string>();
        foreach (var mark in marks)
        {
            // InnoDB never sets the counter at or below the column's maximum, so this only ever moves it up.
            var next = decimal.ToInt64(decimal.Ceiling(mark.Next)) + gap;
            var table = Core.Ddl.MySqlIdentifier.Quote(mark.Table.Schema) + "." + Core.Ddl.MySqlIdentifier.Quote(mark.Table.Name);
            await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"ALTER TABLE {table} AUTO_INCREMENT = {next}"), cancellationToken);
            done.Add(string.Create(CultureInfo.InvariantCulture, $"{mark.Table.Schema}.{mark.Table.Name} AUTO_INCREMENT ≥ {next}"));
        }

        return done;
    }

    /// <summary>MySQL has no free-standing sequences to match: each is named, and left alone.</summary>
    public Task<IReadOnlyList<string>> MoveSequencesAsync(IReadOnlyList<SequenceMark> marks, long gap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marks);
        return Task.FromResult<IReadOnlyList<string>>([.. marks.Select(m => $"sequence {m.Schema}.{m.Name} has no counterpart on a MySQL target (left alone)")]);
    }

    /// <summary>A cutover away from this server left it read_only (the freeze's last line against stray writers); the switch back lifts it.</summary>
    public async Task<string?> AcceptWritesAsync(string schema, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        if (await connection.ScalarAsync<long>("SELECT @@global.read_only", cancellationToken) == 0)
        {
            return null;
        }

        await connection.ExecuteAsync("SET GLOBAL read_only = 0", cancellationToken);
        return "read_only turned off (an earlier cutover had left it on)";
    }

    public async Task MarkRolledBackAsync(string schema, CancellationToken cancellationToken) =>
        await MySqlCutoverStore.MarkRolledBackAsync(await ConnectionAsync(cancellationToken), schema, cancellationToken);

    public async Task RecordGuardAsync(long id, string guardJson, CancellationToken cancellationToken) =>
        await MySqlCutoverStore.RecordGuardAsync(await ConnectionAsync(cancellationToken), id, guardJson, cancellationToken);

    public async Task<string?> LatestGuardAsync(string schema, CancellationToken cancellationToken) =>
        await MySqlCutoverStore.LatestGuardAsync(await ConnectionAsync(cancellationToken), schema, cancellationToken);

    public IVerifyEndpoint VerifyEndpoint() => new MySqlVerifyEndpoint(sessions.Settings, targetSide: true);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<MySqlConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        _connection is { IsUsable: true } ? _connection : _connection = await sessions.OpenAsync(cancellationToken);
}
