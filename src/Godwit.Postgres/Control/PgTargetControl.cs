using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Verify;
using Godwit.Postgres.Apply;
using Godwit.Postgres.Cutover;
using Godwit.Postgres.Verify;
using Npgsql;

namespace Godwit.Postgres.Control;

/// <summary>
/// PostgreSQL as a cutover's target: <c>godwit.cutovers</c>, the stream's state in <c>godwit.sync_state</c> and its
/// advisory lock, the target's gates and identities.
/// </summary>
public sealed class PgTargetControl(ConnectionUri target) : ITargetControl
{
    private readonly ConnectionUri _target = target ?? throw new ArgumentNullException(nameof(target));
    private NpgsqlConnection? _connection;

    public async Task<IAsyncDisposable?> LockCutoverAsync(string schema, CancellationToken cancellationToken) =>
        await PgCutoverStore.LockAsync(_target, schema, cancellationToken);

    public async Task<CutoverRecord?> LatestCutoverAsync(string schema, CancellationToken cancellationToken) =>
        await PgCutoverStore.LatestAsync(_target, schema, cancellationToken) is { } row ? new CutoverRecord(row.Id, row.Step, row.SourceFrozen, row.Result) : null;

    public Task<long> BeginCutoverAsync(string? stream, string sourceSchema, string targetSchema, CancellationToken cancellationToken) =>
        PgCutoverStore.BeginAsync(_target, stream, sourceSchema, targetSchema, cancellationToken);

    public Task StepAsync(long id, string step, bool sourceFrozen, string? position, string? transactionState, long? reservedVersion, CancellationToken cancellationToken) =>
        PgCutoverStore.StepAsync(_target, id, step, sourceFrozen, position, transactionState, cancellationToken, reservedVersion);

    public Task SwitchCommandStartingAsync(long id, CancellationToken cancellationToken) => PgCutoverStore.SwitchCommandStartingAsync(_target, id, cancellationToken);

    public Task<(long? UndoVersion, bool SwitchCommandStarted)> SwitchFactsAsync(long id, CancellationToken cancellationToken) =>
        PgCutoverStore.SwitchFactsAsync(_target, id, cancellationToken);

    public Task<long> MaxRoutingVersionAsync(string schema, CancellationToken cancellationToken) => PgCutoverStore.MaxRoutingVersionAsync(_target, schema, cancellationToken);

    public Task FinishCutoverAsync(long id, string result, bool sourceFrozen, long? freezeMs, long? routingVersion, string? abortReason, string reportJson, CancellationToken cancellationToken) =>
        PgCutoverStore.FinishAsync(_target, id, result, sourceFrozen, freezeMs, routingVersion, abortReason, reportJson, cancellationToken);

    public async Task<StreamState?> FindStreamAsync(string? stream, string sourceSchema, string targetSchema, CancellationToken cancellationToken)
    {
        if (stream is not null)
        {
            return await ReadStreamAsync(stream, cancellationToken);
        }

        await using var connection = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
        return Of(await PgSyncStateStore.FindAsync(connection, sourceSchema, targetSchema, cancellationToken));
    }

    public async Task<StreamState?> ReadStreamAsync(string stream, CancellationToken cancellationToken) =>
        Of(await PgSyncStateStore.ReadAsync(await ConnectionAsync(cancellationToken), stream, cancellationToken));

    public async Task<int?> StreamApplierAsync(string stream, CancellationToken cancellationToken) =>
        await PgStreamLock.HolderAsync(await ConnectionAsync(cancellationToken), stream, cancellationToken);

    public async Task<GateResults> CheckAsync(PgSchemaPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var failures = new List<string>();
        var passed = new List<string>();
        await using var pg = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
        var invalid = await InvalidConstraintsAsync(pg, plan.TargetSchemas, cancellationToken);
        if (invalid.Count > 0)
        {
            failures.Add($"constraints not validated on the target: {string.Join(", ", invalid)} (ALTER TABLE … VALIDATE CONSTRAINT, or let migrate finish its post-data step)");
        }
        else
        {
            passed.Add("target constraints validated");
        }

        // After the switch the application inserts without keys on the target: each AUTO_INCREMENT column needs its
        // identity there (a MODIFY … AUTO_INCREMENT replayed by the stream does not make one).
        var missing = new List<string>();
        foreach (var table in plan.Tables)
        {
            foreach (var column in table.Columns.Where(c => c.IsIdentity))
            {
                await using var identity = new NpgsqlCommand("SELECT pg_get_serial_sequence($1, $2) IS NOT NULL", pg);
                identity.Parameters.Add(new NpgsqlParameter { Value = table.QualifiedName });
                identity.Parameters.Add(new NpgsqlParameter { Value = column.Name });
                if (await identity.ExecuteScalarAsync(cancellationToken) is not true)
                {
                    missing.Add($"{table.QualifiedName}.{column.Name}");
                }
            }
        }

        if (missing.Count > 0)
        {
            failures.Add($"AUTO_INCREMENT on the source but no identity on the target: {string.Join(", ", missing)} (ALTER TABLE … ALTER COLUMN … ADD GENERATED BY DEFAULT AS IDENTITY)");
        }

        // Every table's latest verify, full or --tables, must not have found differences: counts cannot see changed values.
        var outcomes = await PgVerifyProgressStore.LatestOutcomesAsync(pg, plan.TargetSchema, [.. plan.Tables.Select(t => t.Source.QualifiedName)], cancellationToken);
        var differed = outcomes.Where(o => o.Differed).ToList();
        if (differed.Count > 0)
        {
            failures.Add("the latest verify of " + string.Join(", ", differed.Select(o => string.Create(
                CultureInfo.InvariantCulture, $"{o.Table} ({o.Mode}, {o.FinishedAt:yyyy-MM-dd HH:mm:ss'Z'})")))
                + " found differences: resolve them and verify again");
        }
        else if (outcomes.Count > 0)
        {
            passed.Add(string.Create(CultureInfo.InvariantCulture, $"latest verify clean for {outcomes.Count} of {plan.Tables.Count} tables"));
        }

        if (await PgCutoverStore.LatestAsync(pg, plan.TargetSchema, cancellationToken) is { Result: "switched" } done)
        {
            failures.Add($"{plan.TargetSchema} was already cut over (godwit.cutovers id {done.Id.ToString(CultureInfo.InvariantCulture)})");
        }

        return new GateResults(failures, passed);
    }

    /// <summary>
    /// Moves every identity past what the (frozen) source has handed out, plus the gap, and never below the target's
    /// own highest value (<see cref="PgDdlGenerator.IdentityRestartSql"/>): after the switch the application's inserts
    /// never reuse a key the source issued.
    /// </summary>
    public async Task<IReadOnlyList<string>> MoveIdentitiesAsync(IReadOnlyList<IdentityMark> marks, long gap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var done = new List<string>();
        await using var pg = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
        foreach (var mark in marks)
        {
            var next = mark.Next + gap;
            var start = next >= ulong.MaxValue ? ulong.MaxValue : (ulong)next;
            await using var command = new NpgsqlCommand(PgDdlGenerator.IdentityRestartSql(mark.Table.QualifiedName, mark.Column, start), pg);
            await command.ExecuteNonQueryAsync(cancellationToken);
            done.Add(string.Create(CultureInfo.InvariantCulture, $"{mark.Table.QualifiedName}.{mark.Column} ≥ {start}"));
        }

        return done;
    }

    /// <summary>Sets each sequence so that its next value is past the source's (plus the gap), never moving it back.</summary>
    public async Task<IReadOnlyList<string>> MoveSequencesAsync(IReadOnlyList<SequenceMark> marks, long gap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var done = new List<string>();
        await using var pg = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
        foreach (var mark in marks)
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT setval(format('%I.%I', $1, $2)::regclass,
                              least(greatest($3::numeric, coalesce(s.last_value + s.increment_by, s.start_value)), s.max_value)::bigint, false)
                  FROM pg_catalog.pg_sequences s WHERE s.schemaname = $1 AND s.sequencename = $2
                """,
                pg);
            command.Parameters.Add(new NpgsqlParameter { Value = mark.Schema });
            command.Parameters.Add(new NpgsqlParameter { Value = mark.Name });
            command.Parameters.Add(new NpgsqlParameter { Value = mark.Next + gap });
            if (await command.ExecuteScalarAsync(cancellationToken) is long next)
            {
                done.Add(string.Create(CultureInfo.InvariantCulture, $"{PgIdentifier.Qualify(mark.Schema, mark.Name)} next {next}"));
            }
        }

        return done;
    }

    /// <summary>A rollback leaves the freeze's triggers on the schema's tables: the next switch to this target removes them.</summary>
    public async Task<string?> AcceptWritesAsync(string schema, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using (var find = new NpgsqlCommand("SELECT to_regprocedure($1) IS NOT NULL", connection))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = Source.PgWriteFreeze.Function(schema) + "()" });
            if (await find.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return null;
            }
        }

        await using var drop = new NpgsqlCommand(Source.PgWriteFreeze.UnfreezeSql(schema), connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
        return $"the write freeze an earlier cutover left on {schema} removed";
    }

    public async Task MarkRolledBackAsync(string schema, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var update = new NpgsqlCommand(
            "UPDATE godwit.cutovers SET result = 'rolled-back' WHERE id = (SELECT max(id) FROM godwit.cutovers WHERE target_schema = $1 AND result = 'switched')", connection);
        update.Parameters.Add(new NpgsqlParameter { Value = schema });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordGuardAsync(long id, string guardJson, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var update = new NpgsqlCommand(
            "UPDATE godwit.cutovers SET report = coalesce(report, '{}'::jsonb) || jsonb_build_object('guard', $2::jsonb) WHERE id = $1", connection);
        update.Parameters.Add(new NpgsqlParameter { Value = id });
        update.Parameters.Add(new NpgsqlParameter { Value = guardJson });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> LatestGuardAsync(string schema, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        if (!await PgRelation.ExistsAsync(connection, "godwit.cutovers", cancellationToken))
        {
            return null;
        }

        await using var select = new NpgsqlCommand(
            "SELECT report -> 'guard' FROM godwit.cutovers WHERE target_schema = $1 ORDER BY id DESC LIMIT 1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = schema });
        return await select.ExecuteScalarAsync(cancellationToken) is string guard ? guard : null;
    }

    public IVerifyEndpoint VerifyEndpoint() => new PgVerifyEndpoint(_target);

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } c)
        {
            _connection = null;
            await c.DisposeAsync();
        }
    }

    private static StreamState? Of(SyncState? state) => state is null
        ? null
        : new StreamState(
            state.Stream,
            state.Status ?? string.Empty,
            state.LastError,
            state.EventsApplied,
            state.Applied);

    private static async Task<List<string>> InvalidConstraintsAsync(NpgsqlConnection pg, IReadOnlyList<string> schemas, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            + "WHERE n.nspname = ANY($1) AND NOT c.convalidated ORDER BY 1, 2",
            pg);
        command.Parameters.Add(new NpgsqlParameter { Value = schemas.ToArray() });
        var invalid = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            invalid.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
        }

        return invalid;
    }

    /// <summary>One connection for the frequent polls (the drain reads the stream's state every few milliseconds).</summary>
    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        if (_connection is { } broken)
        {
            _connection = null;
            await broken.DisposeAsync();
        }

        _connection = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
        return _connection;
    }
}
