using System.Text.Json;
using Godwit.Cli.Commands;
using Godwit.Cli.Sync;
using Godwit.Cli.Verify;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.Core.Verify;
using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Cutover;

/// <summary>
/// After a guarded cutover's switch: runs the reverse stream in this process, watches (<see cref="CutoverGuard"/>) and,
/// when a trigger fires, rolls back (<see cref="RollbackRun"/>). When the guard ends quietly the reverse stream stops
/// with it, and `godwit sync --reverse` keeps the way back open from there.
/// </summary>
public static class GuardedCutover
{
    /// <summary>The trigger that finds the two databases different: it never rolls back (see <see cref="WatchAsync"/>).</summary>
    public const string VerifyTrigger = "verify";

    /// <summary>
    /// Returns the exit code: 0 when no trigger fired, 3 when it rolled back, 1 when the rollback did not complete, 2
    /// when the verify trigger found the source different from the target (then no rollback is tried).
    /// </summary>
    public static async Task<int> WatchAsync(CliConsole console, GuardOptions guard, CutoverOptions cutover, MigrationSpec spec, bool json, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(cutover);
        // When a `migrate --follow` has turned around first and applies it, this one gives way (StreamLockedException)
        // and the guard watches that process's reverse stream instead.
        var directions = StreamTurnaround.For(new SyncRunOptions { Source = cutover.Source, Target = cutover.Target, Spec = spec, Stream = cutover.Stream })!;
        var reverse = directions.Reverse;
        await directions.WaitForOtherDirectionAsync(reverse, StreamTurnaround.OtherDirectionPatience, console.Diagnostic, ct);
        using var stopReverse = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var engine = StreamEndpoints.Engine(reverse, new SyncMetrics(), console.Logging.CreateLogger("Godwit.Sync"));
        var reverseRun = Task.Run(() => engine.RunAsync(stopReverse.Token), CancellationToken.None);

        var record = new GuardRecord(cutover.Target, ReverseEndpoints.TargetSchema(cutover.Source, cutover.Target, spec), guard, console.Diagnostic);
        void Log(string line)
        {
            console.Diagnostic(line);
            record.Note(line);
        }

        var watcher = new CutoverGuard(guard, reverse.Target, cutover.Target, reverse.Stream!, cutover.RoutingFile, Log, guard.VerifyEvery is null ? null : token => VerifyAsync(reverse, Log, token));
        GuardTrigger? fired;
        try
        {
            // A rollback's first gate is a running reverse stream: the guard watches only once this process applies it.
            await WaitRunningAsync(reverse, reverseRun, ct);
            await record.StartAsync(ct);
            fired = await watcher.WatchAsync(ct);
        }
        catch
        {
            await StopAsync(stopReverse, reverseRun);
            throw;
        }

        if (fired is null)
        {
            await record.FinishedAsync("ended", null, ct);
            await StopAsync(stopReverse, reverseRun);
            console.Diagnostic("godwit: guard: the reverse stream stops with the guard: run `godwit sync --reverse` to keep the source current for `godwit rollback`");
            Write(console, json, null, null);
            return ExitCode.Success;
        }

        if (fired.Kind == VerifyTrigger)
        {
            // The source no longer holds what the target holds: switching back would lose or change the rows that
            // differ. Godwit never rolls back onto such a source by itself (the rollback's own gate refuses it too).
            Log("godwit: guard: decision: no rollback: the source differs from the target, so switching back would lose or change those rows; "
                + "the target stays the primary. Repair the source (re-copy the tables named, or fix the rows), verify again, then `godwit rollback` if still wanted");
            await record.FiredAsync(fired, ct);
            await record.FinishedAsync("refused", "no rollback: the way back is not exact", ct);
            await StopAsync(stopReverse, reverseRun);
            Write(console, json, fired, null);
            return ExitCode.Findings;
        }

        Log($"godwit: guard: decision: roll back; action: rollback ({fired.Kind})");
        await record.FiredAsync(fired, ct);
        var settings = cutover with { Reverse = null, DryRun = false };
        var report = await RollbackRun.RunAsync(console, RollbackRun.Options(cutover.Source, cutover.Target, spec, cutover.Stream, settings), ct);
        await record.FinishedAsync(
            report.Result == CutoverReport.Switched ? "rolled-back" : "rollback-failed",
            report.Result == CutoverReport.Switched ? $"rolled back: the target's writes frozen for {report.FreezeMs} ms" : $"rollback {report.Result}: {report.AbortReason}",
            ct);
        await StopAsync(stopReverse, reverseRun);
        Write(console, json, fired, report);
        return report.Result == CutoverReport.Switched ? ExitCode.Aborted : ExitCode.Error;
    }

    /// <summary>
    /// The verify trigger: the new primary (read as a source) against the old source, checksums per chunk, each chunk
    /// once the reverse stream has applied it, differences re-checked; null when every table is equal, else what differs.
    /// </summary>
    private static async Task<string?> VerifyAsync(SyncRunOptions reverse, Action<string> log, CancellationToken ct)
    {
        var options = new VerifyOptions { Mode = VerifyMode.Checksum, MaxDifferences = 20, Recheck = TimeSpan.FromSeconds(2), ChunkRows = 100_000, Parallelism = 1 };
        var report = await VerifyRun.RunAsync(log, reverse.Source, reverse.Target, reverse.Spec, options, waitForSync: true, restart: true, QuietVerifyProgress.Instance, work => work(), ct);
        if (report.AllEqual)
        {
            return null;
        }

        var differing = report.Tables.Where(t => !t.IsEqual).ToList();
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{differing.Sum(t => t.MissingOnTarget + t.ExtraOnTarget + t.Different)} rows differ between the target and the source in {string.Join(", ", differing.Select(t => t.Table))}");
    }

    private static async Task WaitRunningAsync(SyncRunOptions reverse, Task reverseRun, CancellationToken ct)
    {
        await using var control = Godwit.Providers.ProviderRegistry.Target(reverse.Target).Control();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (await control.StreamApplierAsync(reverse.Stream!, ct) is null)
        {
            if (reverseRun.IsCompleted)
            {
                await reverseRun;
                throw new CliException($"the reverse stream {reverse.Stream} ended before the guard could watch it: run `godwit sync --reverse` and `godwit rollback` by hand if needed");
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new CliException($"the reverse stream {reverse.Stream} did not start within 60 s: the guard cannot roll back without it; run `godwit sync --reverse` by hand");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task reverseRun)
    {
        await stop.CancelAsync();
        try
        {
            await reverseRun;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SyncException)
        {
            // Stopped (or it had stopped by itself at the switch back): either way it no longer applies anything.
        }
    }

    private static void Write(CliConsole console, bool json, GuardTrigger? fired, CutoverReport? rollback)
    {
        if (json)
        {
            var guard = new Dictionary<string, object?>
            {
                ["trigger"] = fired?.Kind,
                ["detail"] = fired?.Detail,
                ["at"] = fired?.At,
                ["rollback"] = rollback is null ? null : JsonDocument.Parse(CutoverReportJson.Serialize(rollback)).RootElement,
            };
            console.StdOut.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["guard"] = guard }));
            return;
        }

        if (fired is not null && rollback is null)
        {
            console.StdOut.WriteLine($"guard: trigger {fired.Kind} fired ({fired.Detail}): no rollback, the source differs from the target; the target stays the primary");
            return;
        }

        if (rollback is null)
        {
            console.StdOut.WriteLine("guard: no trigger fired; the cutover stands");
            return;
        }

        console.StdOut.WriteLine($"guard: trigger {fired!.Kind} fired ({fired.Detail}): rolling back");
        CutoverCommand.Write(console, rollback, rollback: true);
    }
}
