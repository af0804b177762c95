using System.Globalization;
using Godwit.Core.Verify;
using Godwit.Routing;

namespace Godwit.Core.Engines.Cutover;

/// <summary>The gates: every condition is checked (not just the first that fails), and any failure aborts before the freeze.</summary>
public sealed partial class CutoverEngine
{
    /// <summary>A quick count check re-reads a table this often while writes go on before calling it different.</summary>
    private const int CountAttempts = 6;

    private async Task<string> GatesAsync(CancellationToken ct)
    {
        var failures = new List<string>();
        var passed = new List<string>();
        _schema = await PlanAsync(ct);
        if (_schema.Tables.Count == 0)
        {
            throw new CutoverAbortedException($"no tables in {_database} to cut over.");
        }

        _plan.Add($"freeze: {await _freezer.DescribeFreezeAsync(ct)} on {_options.Source} (statements still running after {Seconds(_options.Grace)} are killed)");

        // One cutover of a schema at a time (and not beside --abort); and one per source server, because read_only is
        // server-wide: two cutovers of different databases would unfreeze the source under each other.
        _lock = await _target.LockCutoverAsync(_schema.TargetSchema, ct)
            ?? throw new CutoverAbortedException($"another godwit cutover of {_schema.TargetSchema} is running (or a cutover --abort)");
        if (!await _freezer.TryLockServerAsync(ct))
        {
            throw new CutoverAbortedException("another godwit cutover is running on this source server (read_only is server-wide: one at a time)");
        }

        // The stream: found, applied by a live process, not failed.
        var state = await _target.FindStreamAsync(_options.Stream, _database, _schema.TargetSchema, ct);
        if (state is null)
        {
            throw new CutoverAbortedException(
                $"no change stream applies {_database} into {_schema.TargetSchema} on the target: start `godwit sync` (or `godwit migrate --follow`) first.");
        }

        _stream = state.Stream;
        if (await _target.StreamApplierAsync(_stream, ct) is not { } pid)
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
            var head = await _freezer.HeadAsync(ct);
            var wait = await _watcher.WaitAppliedAsync(_stream, head, _options.MaxLag, ct);
            if (!wait.Reached)
            {
                failures.Add(wait.Problem ?? $"lag above --max-lag {Seconds(_options.MaxLag)}: the stream had not applied the source's position {_codec.Format(head)} after {Ms(wait.Elapsed)} (applied: {_watcher.Applied(wait.State) ?? "nothing"})");
            }
            else
            {
                passed.Add($"lag ≤ {Ms(wait.Elapsed)} (max {Seconds(_options.MaxLag)})");
            }
        }

        if (await _freezer.IsReadOnlyAsync(ct))
        {
            failures.Add("the source is read-only already (a cutover that was interrupted? `godwit cutover --abort` makes it writable)");
        }

        failures.AddRange(await _freezer.FreezeProblemsAsync(ct));
        var target = await _target.CheckAsync(_schema, ct);
        failures.AddRange(target.Failures);
        passed.AddRange(target.Passed);
        CheckRouting(failures);
        if (failures.Count == 0)
        {
            await QuickCountAsync(failures, passed, ct);
        }

        // Last, once everything else holds: the reverse stream's slot keeps WAL from the moment it is made.
        if (_options.Reverse is { } reverse && failures.Count == 0 && !_options.DryRun)
        {
            if (await reverse.PrepareAsync(ct) is { } problem)
            {
                failures.Add(problem);
            }
            else
            {
                passed.Add($"reverse stream {reverse.Stream} ready (its state on the source, its starting point on the target)");
            }
        }

        AddPlan();
        if (failures.Count > 0)
        {
            throw new CutoverAbortedException("gates not met: " + string.Join("; ", failures));
        }

        return string.Join(", ", passed);
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
                case { Primary: RoutingPrimary.Target } current when !_options.Rollback:
                    failures.Add($"the routing file {path} already says primary=target (version {current.Version.ToString(CultureInfo.InvariantCulture)})");
                    break;
                case { Primary: RoutingPrimary.Source } current when _options.Rollback:
                    failures.Add($"the routing file {path} says primary=source (version {current.Version.ToString(CultureInfo.InvariantCulture)}): there is no switch to roll back");
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
    /// Row counts of every table while writes go on: the source is counted, then the target once the stream has applied
    /// the source's head as it was after that count (so the target holds at least what the count saw, however slow the
    /// stream is to apply). Counts that differ by no more than the row events the stream applied meanwhile are writes in
    /// flight, not a difference; a table whose counts differ by more is counted again, and only a table that never
    /// matches fails. The final check, with the source frozen, is exact.
    /// </summary>
    private async Task QuickCountAsync(List<string> failures, List<string> passed, CancellationToken ct)
    {
        await using var source = _freezer.VerifyEndpoint();
        await using var target = _target.VerifyEndpoint();
        var differing = new List<string>();
        long rows = 0;
        foreach (var table in _schema.Tables.Select(VerifyTable.Create))
        {
            (long Source, long Target, long InFlight) counts = default;
            for (var attempt = 0; attempt < CountAttempts; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct);
                }

                var before = await EventsAppliedAsync(ct);
                var s = await source.CountAsync(table, ct);
                await _watcher.WaitAppliedAsync(_stream, await _freezer.HeadAsync(ct), TimeSpan.FromSeconds(5), ct);
                var t = await target.CountAsync(table, ct);
                counts = (s, t, await EventsAppliedAsync(ct) - before);
                if (Math.Abs(counts.Source - counts.Target) <= counts.InFlight)
                {
                    break;
                }
            }

            rows += counts.Source;
            if (Math.Abs(counts.Source - counts.Target) > counts.InFlight)
            {
                differing.Add(string.Create(CultureInfo.InvariantCulture, $"{table.Name} (source {counts.Source}, target {counts.Target})"));
            }
        }

        if (differing.Count > 0)
        {
            failures.Add($"row counts differ after {CountAttempts.ToString(CultureInfo.InvariantCulture)} tries: {string.Join(", ", differing)}; run `godwit verify` to find the rows");
        }
        else
        {
            passed.Add(string.Create(CultureInfo.InvariantCulture, $"counts equal ({_schema.Tables.Count} tables, {rows} rows)"));
        }
    }

    private async Task<long> EventsAppliedAsync(CancellationToken ct) => (await _target.ReadStreamAsync(_stream, ct).ConfigureAwait(false))?.EventsApplied ?? 0;

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
