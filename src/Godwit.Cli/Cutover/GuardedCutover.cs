using System.Text.Json;
using Godwit.Cli.Commands;
using Godwit.Cli.Sync;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Cutover;

/// <summary>
/// After a guarded cutover's switch: runs the reverse stream in this process, watches (<see cref="CutoverGuard"/>) and,
/// when a trigger fires, rolls back (<see cref="RollbackRun"/>). When the guard ends quietly the reverse stream stops
/// with it, and `godwit sync --reverse` keeps the way back open from there.
/// </summary>
public static class GuardedCutover
{
    /// <summary>Returns the exit code: 0 when no trigger fired, 3 when it rolled back, 1 when the rollback did not complete.</summary>
    public static async Task<int> WatchAsync(CliConsole console, GuardOptions guard, CutoverOptions cutover, MigrationSpec spec, bool json, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(cutover);
        // When a `migrate --follow` has turned around first and applies it, this one gives way (StreamLockedException)
        // and the guard watches that process's reverse stream instead.
        var reverse = ReverseEndpoints.ReverseRun(new SyncRunOptions { Source = cutover.Source, Target = cutover.Target, Spec = spec, Stream = cutover.Stream });
        using var stopReverse = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var engine = StreamEndpoints.Engine(reverse, new SyncMetrics(), console.Logging.CreateLogger("Godwit.Sync"));
        var reverseRun = Task.Run(() => engine.RunAsync(stopReverse.Token), CancellationToken.None);

        var watcher = new CutoverGuard(guard, reverse.Target, cutover.Target, reverse.Stream!, cutover.RoutingFile, console.Diagnostic);
        GuardTrigger? fired;
        try
        {
            // A rollback's first gate is a running reverse stream: the guard watches only once this process applies it.
            await WaitRunningAsync(reverse, reverseRun, ct);
            fired = await watcher.WatchAsync(ct);
        }
        catch
        {
            await StopAsync(stopReverse, reverseRun);
            throw;
        }

        if (fired is null)
        {
            await StopAsync(stopReverse, reverseRun);
            console.Diagnostic("godwit: guard: the reverse stream stops with the guard: run `godwit sync --reverse` to keep the source current for `godwit rollback`");
            Write(console, json, null, null);
            return ExitCode.Success;
        }

        console.Diagnostic($"godwit: guard: action: rollback ({fired.Kind})");
        var settings = cutover with { Reverse = null, DryRun = false };
        var report = await RollbackRun.RunAsync(console, RollbackRun.Options(cutover.Source, cutover.Target, spec, cutover.Stream, settings), ct);
        await StopAsync(stopReverse, reverseRun);
        Write(console, json, fired, report);
        return report.Result == CutoverReport.Switched ? ExitCode.Aborted : ExitCode.Error;
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

        if (rollback is null)
        {
            console.StdOut.WriteLine("guard: no trigger fired; the cutover stands");
            return;
        }

        console.StdOut.WriteLine($"guard: trigger {fired!.Kind} fired ({fired.Detail}): rolling back");
        CutoverCommand.Write(console, rollback, rollback: true);
    }
}
