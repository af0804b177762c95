using System.Globalization;
using Godwit.Cli.Commands;
using Godwit.MySql;
using Godwit.Postgres;
using Godwit.Postgres.Cutover;
using Godwit.Postgres.Verify;
using Godwit.Routing;
using Npgsql;

namespace Godwit.Cli.Cutover;

/// <summary>The gates: every condition is checked (not just the first that fails), and any failure aborts before the freeze.</summary>
public sealed partial class CutoverRunner
{
    /// <summary>A quick count check re-reads a table this often while writes go on before calling it different.</summary>
    private const int CountAttempts = 6;

    private async Task<string> GatesAsync(StreamWatcher watcher, SourceFreezer freezer, CancellationToken ct)
    {
        var failures = new List<string>();
        var passed = new List<string>();
        await using (var mysql = await MySqlConnection.OpenAsync(_settings, ct))
        {
            var db = await SchemaSupport.IntrospectAsync(mysql, _database, _options.Spec, ct);
            if (db.Tables.Count == 0)
            {
                throw new CutoverAbortedException($"no tables in {_database} to cut over.");
            }

            (_, _schema) = SchemaSupport.Plan(db, _options.Spec);
            _plan.Add($"freeze: {SourceFreezer.Describe(mysql.ServerVersion)} on {_options.Source} (statements still running after {Seconds(_options.Grace)} are killed)");
        }

        // One cutover of a schema at a time (and not beside --abort); and one per source server, because read_only is
        // server-wide: two cutovers of different databases would unfreeze the source under each other.
        _lock = await PgCutoverStore.LockAsync(_options.Target, _schema.TargetSchema, ct)
            ?? throw new CutoverAbortedException($"another godwit cutover of {_schema.TargetSchema} is running (or a cutover --abort)");
        _sourceLock = await MySqlConnection.OpenAsync(_settings with { Database = null }, ct);
        if (await _sourceLock.ScalarAsync<long>("SELECT GET_LOCK('godwit-cutover', 0)", ct) != 1)
        {
            throw new CutoverAbortedException("another godwit cutover is running on this source server (read_only is server-wide: one at a time)");
        }

        // The stream: found, applied by a live process, not failed.
        var state = await watcher.FindAsync(_options.Stream, _database, _schema.TargetSchema, ct);
        if (state is null)
        {
            throw new CutoverAbortedException(
                $"no change stream applies {_database} into {_schema.TargetSchema} on the target: start `godwit sync` (or `godwit migrate --follow`) first.");
        }

        _stream = state.Stream;
        if (await watcher.ApplierAsync(_stream, ct) is not { } pid)
        {
            failures.Add($"the change stream {_stream} is not running: start `godwit sync` (or `godwit migrate --follow`) and keep it running through the cutover");
        }
        else if (state.Status == "error")
        {
            failures.Add($"the change stream {_stream} is failing: {state.LastError}");
        }
        else
        {
            passed.Add($"stream {_stream} running (backend {pid.ToString(CultureInfo.InvariantCulture)})");

            // Lag: the stream must apply what the source has now within --max-lag.
            var head = await freezer.HeadAsync(ct);
            var wait = await watcher.WaitAppliedAsync(_stream, head, _options.MaxLag, ct);
            if (!wait.Reached)
            {
                failures.Add(wait.Problem ?? $"lag above --max-lag {Seconds(_options.MaxLag)}: the stream had not applied the source's position {head} after {Ms(wait.Elapsed)} (applied: {StreamWatcher.Applied(wait.State)?.ToString() ?? "nothing"})");
            }
            else
            {
                passed.Add($"lag ≤ {Ms(wait.Elapsed)} (max {Seconds(_options.MaxLag)})");
            }
        }

        if (await freezer.IsReadOnlyAsync(ct))
        {
            failures.Add("the source is read-only already (a cutover that was interrupted? `godwit cutover --abort` makes it writable)");
        }

        await CheckFreezePrivilegeAsync(failures, ct);

        await CheckTargetAsync(failures, passed, ct);
        CheckRouting(failures);
        if (failures.Count == 0)
        {
            await QuickCountAsync(watcher, freezer, failures, passed, ct);
        }

        AddPlan();
        if (failures.Count > 0)
        {
            throw new CutoverAbortedException("gates not met: " + string.Join("; ", failures));
        }

        return string.Join(", ", passed);
    }

    /// <summary>
    /// Setting read_only to its current value checks the privilege without changing anything. Where read_only does
    /// not stop every account (MariaDB), the freeze also read-locks the database's tables, which needs RELOAD.
    /// </summary>
    private async Task CheckFreezePrivilegeAsync(List<string> failures, CancellationToken ct)
    {
        await using var mysql = await MySqlConnection.OpenAsync(_settings with { Database = null }, ct);
        try
        {
            await mysql.ExecuteAsync("SET GLOBAL read_only = @@GLOBAL.read_only", ct);
        }
        catch (MySqlException ex) when (ex.ErrorCode is 1227 or 1045 or 1044)
        {
            failures.Add($"the source account cannot set read_only ({ex.Message}): grant it READ_ONLY ADMIN (MariaDB) or SUPER/SYSTEM_VARIABLES_ADMIN (MySQL)");
        }

        if (SourceFreezer.NeedsTableLock(mysql.ServerVersion) && !await SourceTableLock.MayLockAsync(mysql, ct))
        {
            failures.Add(
                "the source account lacks RELOAD: read_only does not stop accounts with READ ONLY ADMIN (ALL PRIVILEGES includes it), so the freeze also "
                + $"read-locks {_database}'s tables (FLUSH TABLES … WITH READ LOCK), which needs RELOAD and LOCK TABLES: grant them to the migration account");
        }
    }

    /// <summary>The target: constraints validated, no earlier switch, and the last recorded verify clean.</summary>
    private async Task CheckTargetAsync(List<string> failures, List<string> passed, CancellationToken ct)
    {
        await using var pg = await PgConnectionFactory.OpenAsync(_options.Target, ct);
        await using (var command = new NpgsqlCommand(
            "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            + "WHERE n.nspname = $1 AND NOT c.convalidated ORDER BY 1, 2",
            pg))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = _schema.TargetSchema });
            var invalid = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                invalid.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
            }

            if (invalid.Count > 0)
            {
                failures.Add($"constraints not validated on the target: {string.Join(", ", invalid)} (ALTER TABLE … VALIDATE CONSTRAINT, or let migrate finish its post-data step)");
            }
            else
            {
                passed.Add("target constraints validated");
            }
        }

        // After the switch the application inserts without keys on the target: each AUTO_INCREMENT column needs its
        // identity there (a MODIFY … AUTO_INCREMENT replayed by the stream does not make one).
        var missing = new List<string>();
        foreach (var table in _schema.Tables)
        {
            foreach (var column in table.Columns.Where(c => c.IsIdentity))
            {
                await using var identity = new NpgsqlCommand("SELECT pg_get_serial_sequence($1, $2) IS NOT NULL", pg);
                identity.Parameters.Add(new NpgsqlParameter { Value = table.QualifiedName });
                identity.Parameters.Add(new NpgsqlParameter { Value = column.Name });
                if (await identity.ExecuteScalarAsync(ct) is not true)
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
        var outcomes = await PgVerifyProgressStore.LatestOutcomesAsync(pg, _schema.TargetSchema, [.. _schema.Tables.Select(t => t.Source.QualifiedName)], ct);
        var differed = outcomes.Where(o => o.Differed).ToList();
        if (differed.Count > 0)
        {
            failures.Add("the latest verify of " + string.Join(", ", differed.Select(o => string.Create(
                CultureInfo.InvariantCulture, $"{o.Table} ({o.Mode}, {o.FinishedAt:yyyy-MM-dd HH:mm:ss'Z'})")))
                + " found differences: resolve them and verify again");
        }
        else if (outcomes.Count > 0)
        {
            passed.Add(string.Create(CultureInfo.InvariantCulture, $"latest verify clean for {outcomes.Count} of {_schema.Tables.Count} tables"));
        }

        if (await PgCutoverStore.LatestAsync(_options.Target, _schema.TargetSchema, ct) is { Result: CutoverReport.Switched } done)
        {
            failures.Add($"{_schema.TargetSchema} was already cut over (godwit.cutovers id {done.Id.ToString(CultureInfo.InvariantCulture)})");
        }
    }

    private void CheckRouting(List<string> failures)
    {
        if (_options.RoutingFile is not { } path)
        {
            return;
        }

        try
        {
            switch (RoutingFile.Read(path))
            {
                case null:
                    // The application follows this file: one written from nothing would not be newer than what it knows.
                    failures.Add($"the routing file {path} does not exist: `godwit migrate --follow --routing-file` writes it (primary=source), or write it yourself (docs/routing.md) before the application starts following it");
                    break;
                case { Primary: RoutingPrimary.Target } current:
                    failures.Add($"the routing file {path} already says primary=target (version {current.Version.ToString(CultureInfo.InvariantCulture)})");
                    break;
            }
        }
        catch (RoutingFileException ex)
        {
            failures.Add(ex.Message);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is null || !Directory.Exists(directory))
        {
            failures.Add($"the routing file's directory {directory} does not exist");
        }
    }

    /// <summary>
    /// Row counts of every table while writes go on: each table is counted on both sides after the stream has applied
    /// the source's head; a table whose counts differ is counted again (writes in flight move them) and only a table
    /// that never matches fails. The final check, with the source frozen, is exact.
    /// </summary>
    private async Task QuickCountAsync(StreamWatcher watcher, SourceFreezer freezer, List<string> failures, List<string> passed, CancellationToken ct)
    {
        var (rows, differing) = await CompareCountsAsync(CountAttempts, async attempt =>
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct);
            }

            await watcher.WaitAppliedAsync(_stream, await freezer.HeadAsync(ct), TimeSpan.FromSeconds(5), ct);
        }, ct);
        if (differing.Count > 0)
        {
            failures.Add($"row counts differ after {CountAttempts.ToString(CultureInfo.InvariantCulture)} tries: {string.Join(", ", differing)}; run `godwit verify` to find the rows");
        }
        else
        {
            passed.Add(string.Create(CultureInfo.InvariantCulture, $"counts equal ({_schema.Tables.Count} tables, {rows} rows)"));
        }
    }

    private void AddPlan()
    {
        _plan.Add(string.Create(CultureInfo.InvariantCulture, $"drain: wait up to {Seconds(_options.FreezeTimeout)} for stream {_stream} to apply the frozen position; abort and unfreeze on timeout"));
        var identities = _schema.Tables.Sum(t => t.Columns.Count(c => c.IsIdentity));
        var gap = _options.SequenceGap > 0 ? " + " + _options.SequenceGap.ToString(CultureInfo.InvariantCulture) : string.Empty;
        _plan.Add(string.Create(CultureInfo.InvariantCulture, $"sequences: move {identities} identities past the source's values{gap}"));
        _plan.Add(string.Create(CultureInfo.InvariantCulture, $"final check: exact row counts of {_schema.Tables.Count} tables"));
        _plan.Add("switch: record the switch on the target"
            + (_options.SwitchCommand is null ? string.Empty : ", run --switch-command with GODWIT_PRIMARY=target")
            + (_options.RoutingFile is null ? string.Empty : $", write {_options.RoutingFile} with primary=target")
            + $"; writes keep waiting for {Seconds(_options.SwitchHold)} more, then the sessions still waiting on the source are ended and the table lock is released (read_only stays)");
        if (_options.RoutingFile is null && _options.SwitchCommand is null)
        {
            _warnings.Add("neither --routing-file nor --switch-command: nothing tells the application to move; the source stays read-only after the cutover");
        }
    }

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.###} s");
}
