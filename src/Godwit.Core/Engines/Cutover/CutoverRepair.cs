using System.Globalization;
using Godwit.Core.Providers;
using Godwit.Routing;

namespace Godwit.Core.Engines.Cutover;

/// <summary>
/// <c>cutover --abort</c> (and <c>rollback --abort</c>, the same run the other way round, <see cref="CutoverOptions.Rollback"/>:
/// there the frozen side is the migration's target): a cutover killed while the source was frozen leaves it read-only. Killed before its switch
/// step, it is undone (the source made writable). Killed inside its switch step, it is finished or undone from what it
/// recorded (<see cref="RepairSwitchAsync"/>). Refused (<see cref="CutoverAbortedException"/>) when it switched
/// already: the application writes to the target then, and a writable source would invite split-brain writes.
/// </summary>
/// <param name="source">The source's control.</param>
/// <param name="target">The target's control.</param>
/// <param name="options">The source and target URIs, the routing file and the switch command (as the cutover had them).</param>
/// <param name="log">Diagnostics (stderr).</param>
public sealed class CutoverRepair(ISourceControl source, ITargetControl target, CutoverOptions options, Action<string> log)
{
    /// <summary>Undoes what an interrupted cutover of <paramref name="schema"/> left; returns what was done, for stdout.</summary>
    public async Task<string> RunAsync(string schema, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var held = await target.LockCutoverAsync(schema, ct).ConfigureAwait(false)
            ?? throw new CutoverAbortedException($"a godwit {Kind} of {schema} is running: it unfreezes {Frozen} itself if it aborts.");
        if (!await source.IsReadOnlyAsync(ct).ConfigureAwait(false))
        {
            return $"{Frozen} is writable; nothing to undo";
        }

        var latest = await target.LatestCutoverAsync(schema, ct).ConfigureAwait(false);
        if (latest is { Result: CutoverReport.Switched })
        {
            throw new CutoverAbortedException($"the {Kind} {Id(latest.Id)} switched to {Other} already; the frozen {FrozenName} is the fallback copy and stays frozen.");
        }

        if (latest is { Step: CutoverStep.Switch, Result: null } killed)
        {
            return await RepairSwitchAsync(killed.Id, ct).ConfigureAwait(false);
        }

        if (latest is { Step: CutoverStep.Switch })
        {
            throw new CutoverAbortedException(
                $"the {Kind} {Id(latest.Id)} stopped inside its switch step and its switch command could not be undone, so the application may already write to {Other}: "
                + $"check the routing file (and the switch command's effect); if the application still uses {Frozen}, make it writable by hand.");
        }

        if (options.RoutingFile is { } routingFile && RoutingFile.Read(routingFile) is { } routed && routed.Primary == SwitchedTo)
        {
            throw new CutoverAbortedException(
                $"the routing file {routingFile} says primary={SwitchedToName} (version {routed.Version.ToString(CultureInfo.InvariantCulture)}): the application has moved; {Frozen} stays frozen.");
        }

        await source.ForceUnfreezeAsync(ct).ConfigureAwait(false);
        if (latest is { Result: null } row)
        {
            await target.FinishCutoverAsync(row.Id, CutoverReport.Aborted, false, null, null, $"aborted with godwit {Kind} --abort", "{}", ct).ConfigureAwait(false);
        }

        return $"{Frozen} is writable again";
    }

    private string Kind => options.Rollback ? "rollback" : "cutover";

    /// <summary>The primary the run switches to: the migration's target, or its source again for a rollback.</summary>
    private RoutingPrimary SwitchedTo => options.Rollback ? RoutingPrimary.Source : RoutingPrimary.Target;

    private string SwitchedToName => options.Rollback ? "source" : "target";

    private string BackToName => options.Rollback ? "target" : "source";

    /// <summary>The side the run froze, in the migration's words: the source, or the target for a rollback.</summary>
    private string FrozenName => BackToName;

    private string Frozen => "the " + FrozenName;

    private string Other => "the " + SwitchedToName;

    /// <summary>
    /// A cutover killed inside its switch step. The routing file is renamed last, so if it says target at the
    /// switch's version the switch completed: it is recorded as switched and the source stays read-only. Otherwise the
    /// application was not told by the file; if the switch command had started, it is run again with
    /// GODWIT_PRIMARY=source at the version the cutover reserved for an undo (the same --switch-command must be given),
    /// then the source is made writable and the cutover recorded as aborted. A staged routing file left beside the
    /// real one is removed either way.
    /// </summary>
    private async Task<string> RepairSwitchAsync(long id, CancellationToken ct)
    {
        var name = Id(id);
        var routingFile = options.RoutingFile;
        var (undoVersion, commandStarted) = await target.SwitchFactsAsync(id, ct).ConfigureAwait(false);
        if (routingFile is not null)
        {
            foreach (var staged in RoutingFile.DiscardStaged(routingFile))
            {
                log($"godwit: cutover: removed the staged routing file {staged}");
            }
        }

        var routed = routingFile is null ? null : RoutingFile.Read(routingFile);
        if (routed is not null && routed.Primary == SwitchedTo && (undoVersion is null || routed.Version >= undoVersion - 1))
        {
            await target.FinishCutoverAsync(id, CutoverReport.Switched, true, null, routed.Version, null, "{}", ct).ConfigureAwait(false);

            // Killed before the engine marked the earlier switch onto the old side rolled back: done here instead.
            if (options.Reverse is { } reverse && await reverse.SupersedeAsync(ct).ConfigureAwait(false) is { } stale)
            {
                log($"godwit: {Kind}: warning: {stale}");
            }

            return $"the {Kind} {name} had switched (the routing file says {SwitchedToName}, version {routed.Version.ToString(CultureInfo.InvariantCulture)}): recorded as switched; {Frozen} stays frozen as the fallback copy";
        }

        var done = new List<string>();
        if (commandStarted)
        {
            if (options.SwitchCommand is not { } switchCommand)
            {
                throw new CutoverAbortedException(
                    $"the {Kind} {name} had started its switch command (GODWIT_PRIMARY={SwitchedToName}) when it was killed: give the same --switch-command to --abort, "
                    + $"which runs it with GODWIT_PRIMARY={BackToName} before {Frozen} is made writable");
            }

            var version = undoVersion ?? 0;
            await SwitchCommand.RunAsync(switchCommand, BackToName, version, routingFile, options.Source, options.Target, TimeSpan.FromSeconds(30), log, ct).ConfigureAwait(false);
            done.Add($"switch command run with GODWIT_PRIMARY={BackToName} (version {version.ToString(CultureInfo.InvariantCulture)})");
        }

        await source.ForceUnfreezeAsync(ct).ConfigureAwait(false);
        done.Add($"{Frozen} is writable again");
        await target.FinishCutoverAsync(id, CutoverReport.Aborted, false, null, undoVersion, $"killed inside its switch step; undone with godwit {Kind} --abort", "{}", ct).ConfigureAwait(false);
        return $"the switch of {Kind} {name} was undone: {string.Join("; ", done)}" + (routingFile is null ? string.Empty : $"; {routingFile} still says {BackToName}");
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
