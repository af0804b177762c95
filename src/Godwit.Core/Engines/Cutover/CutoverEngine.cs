using System.Diagnostics;
using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Providers;

namespace Godwit.Core.Engines.Cutover;

/// <summary>
/// The cutover: gates, freeze the source, drain the stream to the frozen position, move identities past the
/// source, a final count check, then the switch (a confirmed write on the target, <c>--switch-command</c>, the
/// routing file). Every step either completes or the cutover aborts, and an abort always leaves the source
/// writable: the freeze is undone and a switch command that ran is run again with <c>GODWIT_PRIMARY=source</c>.
/// The routing file is written last, so once it says "target" nothing else can fail. With a
/// <see cref="ReverseStream"/>, the way back is prepared inside the freeze, before the switch; a rollback
/// (<see cref="CutoverOptions.Rollback"/>) is the same engine with the endpoints the other way round. The source is reached only through
/// <see cref="IStreamSource"/> (schema, positions) and <see cref="ISourceControl"/> (freeze), the target only through
/// <see cref="ITargetControl"/>; the caller owns (and disposes) both controls.
/// </summary>
public sealed partial class CutoverEngine
{
    private readonly CutoverOptions _options;
    private readonly ICutoverObserver _observer;
    private readonly IStreamSource _source;
    private readonly ISourceControl _freezer;
    private readonly ITargetControl _target;
    private readonly IStreamPositionCodec _codec;
    private readonly StreamWatcher _watcher;
    private readonly string _database;
    private readonly List<CutoverStepResult> _steps = [];
    private readonly List<string> _warnings = [];
    private readonly List<string> _plan = [];
    private PgSchemaPlan _schema = null!;
    private string _stream = string.Empty;
    private IAsyncDisposable? _lock;

    public CutoverEngine(CutoverOptions options, IStreamSource source, ISourceControl sourceControl, ITargetControl targetControl, ICutoverObserver observer)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _freezer = sourceControl ?? throw new ArgumentNullException(nameof(sourceControl));
        _target = targetControl ?? throw new ArgumentNullException(nameof(targetControl));
        _observer = observer ?? throw new ArgumentNullException(nameof(observer));
        _codec = source.Codec;
        _watcher = new StreamWatcher(targetControl, _codec);
        _database = options.SourceSchema ?? options.Source.Database ?? throw new ArgumentException("the source URI must name the database", nameof(options));
    }

    public async Task<CutoverReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return await RunStepsAsync(clock, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_lock is { } held)
            {
                _lock = null;
                await held.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<CutoverReport> RunStepsAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            await StepAsync(CutoverStep.Gates, () => GatesAsync(cancellationToken), cancellationToken);
        }
        catch (CutoverAbortedException ex)
        {
            return Report(_options.DryRun ? CutoverReport.Planned : CutoverReport.Aborted, clock, ex.Message, sourceWritable: true);
        }

        if (_options.DryRun)
        {
            return Report(CutoverReport.Planned, clock, null, sourceWritable: true);
        }

        var state = new SwitchState();
        long id;
        try
        {
            id = await _target.BeginCutoverAsync(_stream, _database, _schema.TargetSchema, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Report(CutoverReport.Aborted, clock, $"the target does not take the cutover's record ({SecretMasker.Describe(ex)})", sourceWritable: true);
        }

        try
        {
            await StepAsync(CutoverStep.Freeze, () => FreezeAsync(state, id, cancellationToken), cancellationToken);
            await StepAsync(CutoverStep.Drain, () => DrainAsync(state, cancellationToken), cancellationToken);
            await StepAsync(CutoverStep.Sequences, () => SequencesAsync(cancellationToken), cancellationToken);
            await StepAsync(CutoverStep.FinalCheck, () => FinalCheckAsync(state, cancellationToken), cancellationToken);
            if (_options.Reverse is { } reverse)
            {
                await StepAsync(CutoverStep.ReverseStream, () => reverse.StartAsync(cancellationToken), cancellationToken);
            }

            await StepAsync(CutoverStep.Switch, () => SwitchAsync(state, id, cancellationToken), cancellationToken);
            if (_options.Reverse is { } reversed && await reversed.SupersedeAsync(CancellationToken.None).ConfigureAwait(false) is { } stale)
            {
                _warnings.Add(stale);
            }

            // Never cancelled: once switched, the hold must end the waiting sessions before the lock goes.
            await StepAsync(CutoverStep.Hold, () => HoldAsync(state, CancellationToken.None), CancellationToken.None);
        }
        catch (Exception ex) when (!state.RoutingWritten)
        {
            var reason = ex is CutoverAbortedException ? ex.Message : ex is OperationCanceledException ? "interrupted" : SecretMasker.Describe(ex);
            await AbortAsync(state, reason).ConfigureAwait(false);
            if (_options.Reverse is { } prepared && await prepared.AbandonAsync().ConfigureAwait(false) is { } left)
            {
                _warnings.Add(left);
            }

            var aborted = Report(CutoverReport.Aborted, clock, reason, sourceWritable: !_freezer.IsFrozen, state, await AppliedAsync().ConfigureAwait(false));
            await FinishRecordAsync(id, aborted, _freezer.IsFrozen, state.HighestVersion).ConfigureAwait(false);
            return aborted;
        }
        catch (Exception ex)
        {
            // The routing file says "target": the application has moved, so undoing anything now would split it
            // between two primaries. What failed after that (a log line, say) is only reported.
            _warnings.Add($"after the switch: {SecretMasker.Describe(ex)}");
        }

        var report = Report(CutoverReport.Switched, clock, null, sourceWritable: false, state, await AppliedAsync().ConfigureAwait(false));
        await FinishRecordAsync(id, report, sourceFrozen: true, state.HighestVersion).ConfigureAwait(false);
        return report;
    }

    /// <summary>Runs one step: announced (and awaited by the observer), timed, and recorded ok or failed.</summary>
    private async Task StepAsync(string name, Func<Task<string>> step, CancellationToken cancellationToken)
    {
        await _observer.StepStartingAsync(name, cancellationToken);
        var clock = Stopwatch.StartNew();
        string detail;
        try
        {
            detail = await step();
        }
        catch (Exception ex)
        {
            var why = ex is CutoverAbortedException ? ex.Message : ex is OperationCanceledException ? "interrupted" : SecretMasker.Describe(ex);
            Finish(new CutoverStepResult(name, CutoverStepResult.Failed, clock.Elapsed, why));
            throw;
        }

        Finish(new CutoverStepResult(name, CutoverStepResult.Ok, clock.Elapsed, detail));
    }

    /// <summary>Records a step; the observer (a log on stderr) can never make a finished step fail.</summary>
    private void Finish(CutoverStepResult result)
    {
        _steps.Add(result);
        try
        {
            _observer.StepFinished(result);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _warnings.Add($"the step log failed: {ex.Message}");
        }
    }

    private void Log(string message)
    {
        try
        {
            _observer.Log(message);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Logging is best effort; the report carries the outcome.
        }
    }

    /// <summary>Undoes what was done, never cancelled: the switch command back to the source, then the freeze.</summary>
    private async Task AbortAsync(SwitchState state, string reason)
    {
        var clock = Stopwatch.StartNew();
        var done = new List<string>();
        var problems = new List<string>();
        Log($"godwit: cutover: aborting ({reason}); making the source writable again");
        var undoFailed = false;
        if (state.SwitchCommandRan && _options.SwitchCommand is { } command)
        {
            try
            {
                // A switch back is a switch: it gets a higher version (reserved at the switch step), or a follower
                // acting on newer versions only would ignore it.
                state.HighestVersion = state.RoutingVersion + 1;
                await SwitchCommand.RunAsync(command, _options.Rollback ? "target" : "source", state.HighestVersion, _options.RoutingFile, _options.Source, _options.Target, TimeSpan.FromSeconds(30), Log, CancellationToken.None);
                done.Add(string.Create(CultureInfo.InvariantCulture, $"switch command run again with GODWIT_PRIMARY=source (version {state.HighestVersion})"));
            }
            catch (Exception ex)
            {
                // The application may be on the target now: a writable source would make two primaries. The target
                // is complete (the drain and the final check passed), so keeping the source frozen loses nothing.
                undoFailed = true;
                problems.Add($"the switch command back to the source failed ({SecretMasker.Describe(ex)}), so the source stays read-only: "
                    + "find out where the application writes; if it is the source, SET GLOBAL read_only = OFF on it by hand");
            }
        }

        if (_freezer.IsFrozen && !undoFailed)
        {
            try
            {
                await _freezer.UnfreezeAsync();
                done.Add("source writable again");
            }
            catch (Exception ex)
            {
                problems.Add(SecretMasker.Describe(ex));
            }
        }
        else if (!_freezer.IsFrozen)
        {
            done.Add("source was not frozen");
        }

        if (state.FreezeStarted != 0)
        {
            // How long writes were refused, abort included.
            state.FreezeMs = (long)Stopwatch.GetElapsedTime(state.FreezeStarted).TotalMilliseconds;
        }

        foreach (var problem in problems)
        {
            _warnings.Add(problem);
        }

        Finish(new CutoverStepResult(
            CutoverStep.Abort, problems.Count == 0 ? CutoverStepResult.Ok : CutoverStepResult.Failed, clock.Elapsed, string.Join("; ", done.Concat(problems))));
    }

    private async Task FinishRecordAsync(long id, CutoverReport report, bool sourceFrozen, long highestVersion)
    {
        try
        {
            await _target.FinishCutoverAsync(
                id, report.Result, sourceFrozen, report.FreezeMs, highestVersion == 0 ? null : highestVersion, report.AbortReason,
                CutoverReportJson.Serialize(report), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The target may be what failed: the report still goes to the operator.
            _warnings.Add($"could not record the outcome in godwit.cutovers ({SecretMasker.Describe(ex)})");
        }
    }

    private async Task<string?> AppliedAsync()
    {
        if (_stream.Length == 0)
        {
            return null;
        }

        try
        {
            return _watcher.Applied(await _target.ReadStreamAsync(_stream, CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private CutoverReport Report(string result, Stopwatch clock, string? abortReason, bool sourceWritable, SwitchState? state = null, string? applied = null) => new()
    {
        Result = result,
        Steps = [.. _steps],
        FreezeMs = state?.FreezeMs,
        EventsDrained = state?.EventsDrained ?? 0,
        KilledAfterSwitch = state?.KilledAfterSwitch ?? 0,
        Stream = _stream.Length == 0 ? null : _stream,
        SourcePosition = state?.FrozenAt is { } frozen ? _codec.Format(frozen) : null,
        SourceGtid = state?.FrozenGtid,
        AppliedPosition = applied,
        RoutingVersion = state is { RoutingWritten: true } or { SwitchCommandRan: true } ? state.RoutingVersion : null,
        AbortReason = abortReason,
        SourceWritable = sourceWritable,
        Plan = [.. _plan],
        Warnings = [.. _warnings],
        Elapsed = clock.Elapsed,
    };

    private static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0} ms");

    /// <summary>What the freeze and switch steps leave for the report and for an abort to undo.</summary>
    private sealed class SwitchState
    {
        public long FreezeStarted { get; set; }

        public long? FreezeMs { get; set; }

        public StreamPosition? FrozenAt { get; set; }

        public string? FrozenGtid { get; set; }

        public long EventsAtFreeze { get; set; }

        public long EventsDrained { get; set; }

        public bool SwitchCommandRan { get; set; }

        public long RoutingVersion { get; set; }

        public bool RoutingWritten { get; set; }

        /// <summary>The highest routing version handed out (the switch's, or the undo's), recorded for the next cutover.</summary>
        public long HighestVersion { get; set; }

        /// <summary>The stream's events applied once drained: any more before the switch means writes after the freeze.</summary>
        public long EventsAfterDrain { get; set; }

        /// <summary>When the routing file said target (a Stopwatch timestamp), or 0.</summary>
        public long SwitchedAt { get; set; }

        /// <summary>Sessions still waiting to write on the source at the end of the hold, ended.</summary>
        public int KilledAfterSwitch { get; set; }
    }
}
