using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Specs;
using Godwit.Providers;

namespace Godwit.Cli.Cutover;

/// <summary>
/// A rollback, as <c>godwit rollback</c> and a guarded cutover run it: the cutover engine the other way round
/// (<see cref="CutoverOptions.Rollback"/>), with the forward stream's restart prepared inside its freeze, then the
/// target's cutover marked rolled back and a wait for the reverse stream to stop.
/// </summary>
public static class RollbackRun
{
    /// <summary>The options of a rollback of the migration <paramref name="source"/> → <paramref name="target"/>; <paramref name="settings"/> gives the timings and switch.</summary>
    public static CutoverOptions Options(ConnectionUri source, ConnectionUri target, MigrationSpec spec, string? stream, CutoverOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var forwardSchema = ReverseEndpoints.TargetSchema(source, target, spec);
        var forwardStream = stream ?? forwardSchema;
        return settings with
        {
            Source = ReverseEndpoints.TargetAsSource(target, forwardSchema, source),
            Target = ReverseEndpoints.SourceAsTarget(source),
            Spec = ReverseEndpoints.ReverseSpec(source, spec),
            Stream = ReverseStream.NameFor(forwardStream),
            Rollback = true,
            RoutingNames = (source, target, forwardStream),

            // The way forward again, made inside the freeze: the forward stream restarts at the source's position then.
            Reverse = ReverseEndpoints.Prepare(source, ProviderRegistry.Source(source).Schema, target, forwardSchema, spec, forwardStream, source),
        };
    }

    /// <summary>
    /// Runs the rollback; after a switch back, waits for the reverse stream to stop. (The target's cutover is marked
    /// rolled back by the engine right after the switch: <see cref="ReverseStream.SupersedeAsync"/>.)
    /// </summary>
    public static async Task<CutoverReport> RunAsync(CliConsole console, CutoverOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(options);
        var report = await CutoverEndpoints.RunAsync(options, new ConsoleCutoverObserver(console), ct);
        if (report.Result == CutoverReport.Switched)
        {
            await WaitForReverseStopAsync(console, options.Target, options.Stream!, ct);
        }

        return report;
    }

    /// <summary>
    /// <c>rollback --abort</c>: what a killed rollback left (the target frozen, or a switch half done) is undone or
    /// finished (<see cref="CutoverRepair"/>, run the other way round). Its record lives on the source.
    /// </summary>
    public static Task<string> RepairAsync(CliConsole console, ConnectionUri source, ConnectionUri target, MigrationSpec spec, string? stream, CutoverOptions settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(console);
        // Reverse stays: a rollback killed right after its switch has the repair mark the forward cutover rolled back.
        return CutoverEndpoints.RepairAsync(Options(source, target, spec, stream, settings), ProviderRegistry.Source(source).Schema, console.Diagnostic, ct);
    }

    /// <summary>
    /// The reverse stream stops by itself once it sees the switch back (within a second or so). Until it has, it would
    /// carry what the forward stream, restarted, applies to the target back to the source: so rollback returns only
    /// when no process applies it any more, or says so.
    /// </summary>
    private static async Task WaitForReverseStopAsync(CliConsole console, ConnectionUri source, string reverseStream, CancellationToken ct)
    {
        await using var control = ProviderRegistry.Target(source).Control();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (await control.StreamApplierAsync(reverseStream, ct) is not null)
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                console.Diagnostic($"godwit: rollback: warning: the reverse stream {reverseStream} is still applied by a process 30 s after the switch back: stop it before `godwit sync` follows the source again");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }
}
