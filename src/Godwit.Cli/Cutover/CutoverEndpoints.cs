using Godwit.Core.Engines.Cutover;
using Godwit.Providers;

namespace Godwit.Cli.Cutover;

/// <summary>The cutover engine (and <c>--abort</c>'s repair) between the run's source and target providers (<see cref="ProviderRegistry"/>).</summary>
public static class CutoverEndpoints
{
    /// <summary>Runs a cutover; its controls (the freeze's connections) are released when it returns.</summary>
    public static async Task<CutoverReport> RunAsync(CutoverOptions options, ICutoverObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        var sourceProvider = ProviderRegistry.Source(options.Source);
        await using var source = sourceProvider.Control(message => Log(observer, message));
        await using var target = ProviderRegistry.Target(options.Target).Control();
        return await new CutoverEngine(options with { SourceSchema = sourceProvider.Schema }, sourceProvider.Stream, source, target, observer).RunAsync(cancellationToken);
    }

    /// <summary>Undoes an interrupted cutover of <paramref name="schema"/> (<see cref="CutoverRepair"/>); returns what was done.</summary>
    public static async Task<string> RepairAsync(CutoverOptions options, string schema, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var source = ProviderRegistry.Source(options.Source).Control(log);
        await using var target = ProviderRegistry.Target(options.Target).Control();
        return await new CutoverRepair(source, target, options, log).RunAsync(schema, cancellationToken);
    }

    /// <summary>The freeze's lines go to the observer; a failing log never fails the freeze.</summary>
    private static void Log(ICutoverObserver observer, string message)
    {
        try
        {
            observer.Log(message);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Logging is best effort; the report carries the outcome.
        }
    }
}
