using System.Diagnostics;
using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Types;
using Godwit.Core.Verify;
using Godwit.Routing;

namespace Godwit.Core.Engines.Cutover;

/// <summary>The steps from the freeze to the switch; each throws <see cref="CutoverAbortedException"/> to abort.</summary>
public sealed partial class CutoverEngine
{
    private async Task<string> FreezeAsync(SwitchState state, long id, CancellationToken ct)
    {
        state.EventsAtFreeze = (await _target.ReadStreamAsync(_stream, ct))?.EventsApplied ?? 0;
        state.FreezeStarted = Stopwatch.GetTimestamp();
        await _freezer.FreezeAsync(_options.Grace, _options.FreezeTimeout, ct);
        state.FrozenAt = await _freezer.HeadAsync(ct);
        state.FrozenGtid = await _freezer.TransactionStateAsync(ct);
        var frozenAt = _codec.Format(state.FrozenAt);
        await _target.StepAsync(id, CutoverStep.Freeze, true, frozenAt, state.FrozenGtid, null, ct);
        return $"source read-only at {frozenAt}" + (state.FrozenGtid is { } g ? $" (GTID {g})" : string.Empty)
            + (_freezer.Killed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {_freezer.Killed} connections killed after the grace period") : string.Empty);
    }

    /// <summary>
    /// Waits for the stream to apply the frozen position, then once more for the head as it is now: the binlog
    /// moves on with other databases' writes (accounts read_only does not stop), which is harmless, but row events
    /// for this database after the freeze mean someone is still writing to it, and switching would lose their writes.
    /// </summary>
    private async Task<string> DrainAsync(SwitchState state, CancellationToken ct)
    {
        var frozen = state.FrozenAt!;
        var reached = await DrainToAsync(frozen, state, ct);
        var eventsAtFrozen = reached.State?.EventsApplied ?? 0;
        var head = await _freezer.HeadAsync(ct);
        var settled = await DrainToAsync(head, state, ct);
        var after = settled.State?.EventsApplied ?? 0;
        state.EventsDrained = Math.Max(0, eventsAtFrozen - state.EventsAtFreeze);
        state.EventsAfterDrain = after;
        if (after > eventsAtFrozen)
        {
            throw new CutoverAbortedException(string.Create(
                CultureInfo.InvariantCulture,
                $"{after - eventsAtFrozen} row events for {_database} reached the binlog after the freeze: an account read_only does not stop (READ ONLY ADMIN/SUPER) is still writing; stop it, then cut over again"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"applied up to {_codec.Format(frozen)} ({state.EventsDrained} events drained) in {Ms(reached.Elapsed)}");
    }

    private async Task<StreamWait> DrainToAsync(StreamPosition goal, SwitchState state, CancellationToken ct)
    {
        var left = _options.FreezeTimeout - Stopwatch.GetElapsedTime(state.FreezeStarted);
        var wait = await _watcher.WaitAppliedAsync(_stream, goal, left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
        if (!wait.Reached)
        {
            throw new CutoverAbortedException(wait.Problem
                ?? $"the stream did not apply the frozen position {_codec.Format(goal)} within --freeze-timeout {Seconds(_options.FreezeTimeout)} (applied: {_watcher.Applied(wait.State) ?? "nothing"})");
        }

        return wait;
    }

    private async Task<string> SequencesAsync(CancellationToken ct)
    {
        // Introspected again now that the source is frozen: AUTO_INCREMENT has its final value.
        var plan = await PlanAsync(ct);
        var marks = await _freezer.IdentityMarksAsync(plan, ct);
        var moved = (await _target.MoveIdentitiesAsync(marks, _options.SequenceGap, ct)).ToList();
        moved.AddRange(await _target.MoveSequencesAsync(await _freezer.SequenceMarksAsync(plan, ct), _options.SequenceGap, ct));
        return moved.Count == 0 ? "no identities" : string.Create(CultureInfo.InvariantCulture, $"{moved.Count} identities: {string.Join(", ", moved)}");
    }

    /// <summary>
    /// Exact counts of every table: the source is frozen and the stream has applied all of it. Writes stay refused
    /// while it runs, so it gets only what is left of --freeze-timeout.
    /// </summary>
    private async Task<string> FinalCheckAsync(SwitchState state, CancellationToken ct)
    {
        var left = _options.FreezeTimeout - Stopwatch.GetElapsedTime(state.FreezeStarted);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            return await CountAllAsync(budget.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CutoverAbortedException($"the final count check did not finish within --freeze-timeout {Seconds(_options.FreezeTimeout)}");
        }
    }

    private async Task<string> CountAllAsync(CancellationToken ct)
    {
        var (rows, differing) = await CompareCountsAsync(ct);
        if (differing.Count > 0)
        {
            throw new CutoverAbortedException($"the final count check found differences: {string.Join(", ", differing)}; run `godwit verify --mode rows` to name the rows");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{_schema.Tables.Count} tables, {rows} rows, counts equal");
    }

    /// <summary>
    /// Counts every table on both sides at once (the source frozen and the stream drained, so they must be equal).
    /// Returns the source rows counted and the tables that differ, named with both counts.
    /// </summary>
    private async Task<(long Rows, List<string> Differing)> CompareCountsAsync(CancellationToken ct)
    {
        await using var source = _freezer.VerifyEndpoint();
        await using var target = _target.VerifyEndpoint();
        var differing = new List<string>();
        long rows = 0;
        foreach (var table in _schema.Tables.Select(VerifyTable.Create))
        {
            var s = source.CountAsync(table, ct);
            var t = target.CountAsync(table, ct);
            (long Source, long Target) counts = (await s, await t);
            rows += counts.Source;
            if (counts.Source != counts.Target)
            {
                differing.Add(string.Create(CultureInfo.InvariantCulture, $"{table.Name} (source {counts.Source}, target {counts.Target})"));
            }
        }

        return (rows, differing);
    }

    /// <summary>
    /// A committed write on the target first (it must take writes now, or the application would be sent to a dead
    /// primary); one last look for writes after the freeze; the routing file staged (written and flushed beside the
    /// old one); the switch command; then the rename. Once the file says "target" the cutover cannot fail any more.
    /// </summary>
    private async Task<string> SwitchAsync(SwitchState state, long id, CancellationToken ct)
    {
        RoutingState? current = null;
        if (_options.RoutingFile is { } path)
        {
            try
            {
                current = RoutingFile.Read(path);
            }
            catch (RoutingFileException ex)
            {
                throw new CutoverAbortedException(ex.Message, ex);
            }
        }

        try
        {
            var recorded = await _target.MaxRoutingVersionAsync(_schema.TargetSchema, ct);
            state.RoutingVersion = Math.Max(current?.Version ?? 0, recorded) + 1;
            state.HighestVersion = state.RoutingVersion;
            // The undo's version (this one + 1) is reserved now, before anything is handed out: if the cutover dies
            // during an undo, the next one still starts above it.
            await _target.StepAsync(id, CutoverStep.Switch, true, null, null, state.RoutingVersion + 1, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new CutoverAbortedException($"the target does not take writes at the switch ({SecretMasker.Describe(ex)})", ex);
        }

        // Writes by accounts read_only does not stop, during the sequences and the final check, would be lost.
        var head = await _freezer.HeadAsync(ct);
        var settled = await DrainToAsync(head, state, ct);
        if ((settled.State?.EventsApplied ?? 0) > state.EventsAfterDrain)
        {
            throw new CutoverAbortedException(string.Create(
                CultureInfo.InvariantCulture,
                $"{(settled.State?.EventsApplied ?? 0) - state.EventsAfterDrain} row events for {_database} reached the binlog during the cutover: an account read_only does not stop is writing; stop it, then cut over again"));
        }

        await _freezer.EnsureEveryWriterStoppedAsync(ct);
        var done = new List<string> { "target takes writes" };
        foreach (var schema in _schema.TargetSchemas)
        {
            if (await _target.AcceptWritesAsync(schema, ct) is { } unfrozen)
            {
                done.Add(unfrozen);
            }
        }

        using var staged = _options.RoutingFile is { } file ? Stage(file, state) : null;
        if (_options.SwitchCommand is { } command)
        {
            await _target.SwitchCommandStartingAsync(id, ct);
            state.SwitchCommandRan = true;
            await SwitchCommand.RunAsync(command, SwitchedTo, state.RoutingVersion, _options.RoutingFile, _options.Source, _options.Target, TimeSpan.FromSeconds(30), Log, ct);
            done.Add("switch command ran");
        }

        if (staged is not null)
        {
            try
            {
                staged.Commit();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A rename reported as failed may still have happened (a network file system's retry): if the file
                // says target at this version, the application has been told, and undoing would split it.
                if (!PublishedAnyway(state))
                {
                    throw new CutoverAbortedException($"the routing file {_options.RoutingFile} could not be replaced ({ex.Message})", ex);
                }
            }

            state.RoutingWritten = true;
            done.Add(string.Create(CultureInfo.InvariantCulture, $"{_options.RoutingFile} says primary={SwitchedTo} (version {state.RoutingVersion})"));
        }

        state.FreezeMs = (long)Stopwatch.GetElapsedTime(state.FreezeStarted).TotalMilliseconds;
        state.SwitchedAt = Stopwatch.GetTimestamp();
        return string.Join(", ", done);
    }

    /// <summary>
    /// After the switch: writes still sent to the source (an application that re-reads the routing file only now
    /// and then) keep waiting for the table lock for --switch-hold, then their sessions are ended, uncommitted, and
    /// retried by the application on the target. Nothing here can undo the switch; a failure is a warning.
    /// </summary>
    private async Task<string> HoldAsync(SwitchState state, CancellationToken ct)
    {
        try
        {
            var killed = await _freezer.ReleaseAfterSwitchAsync(_options.SwitchHold, ct);
            state.KilledAfterSwitch = killed;
            return string.Create(CultureInfo.InvariantCulture, $"held writes on the source for {Seconds(_options.SwitchHold)} after the switch; {killed} waiting sessions ended; table lock released (read_only stays)");
        }
        catch (Exception ex)
        {
            // The switch stands. The lock goes when this process ends, whatever happened here.
            var warning = $"after the switch, ending the sessions that waited on the source failed ({SecretMasker.Describe(ex)}): writes they still make there are not streamed; check the source's processlist";
            _warnings.Add(warning);
            return warning;
        }
    }

    /// <summary>The primary the routing file names after the switch: the target, or the source again for a rollback.</summary>
    private RoutingPrimary SwitchedToPrimary => _options.Rollback ? RoutingPrimary.Source : RoutingPrimary.Target;

    private string SwitchedTo => _options.Rollback ? "source" : "target";

    /// <summary>The source schema now, planned as the schema command plans it.</summary>
    private async Task<PgSchemaPlan> PlanAsync(CancellationToken ct)
    {
        var db = SchemaPlanner.Filter(await _source.IntrospectAsync(ct), _options.Spec);
        try
        {
            return SchemaMappers.For(_options.Source.Engine, _options.Target.Engine).Map(db, _options.Spec).Plan;
        }
        catch (CastRuleException ex)
        {
            throw new CutoverAbortedException(ex.Message, ex);
        }
    }

    private bool PublishedAnyway(SwitchState state)
    {
        try
        {
            return RoutingFile.Read(_options.RoutingFile!) is { } now && now.Primary == SwitchedToPrimary && now.Version == state.RoutingVersion;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or RoutingFileException)
        {
            return false;
        }
    }

    private PendingFile Stage(string file, SwitchState state)
    {
        try
        {
            return RoutingFile.Stage(file, new RoutingState
            {
                Primary = SwitchedToPrimary,
                Version = state.RoutingVersion,
                SwitchedAt = DateTimeOffset.UtcNow,
                Source = (_options.RoutingNames?.Source ?? _options.Source).ToString(),
                Target = (_options.RoutingNames?.Target ?? _options.Target).ToString(),
                Stream = _options.RoutingNames is { } names ? names.Stream : _stream,
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CutoverAbortedException($"the routing file {file} could not be written ({ex.Message})", ex);
        }
    }
}
