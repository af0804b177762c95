using Godwit.Core.Engines.Sync;
using Godwit.Core.Sync;
using Godwit.Providers;
using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Sync;

/// <summary>The sync engine between the run's source and target providers (<see cref="ProviderRegistry"/>).</summary>
public static class StreamEndpoints
{
    public static SyncEngine Engine(SyncRunOptions options, SyncMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = ProviderRegistry.Source(options.Source).Stream;
        var target = ProviderRegistry.Target(options.Target).Stream(options.Spec);
        return new SyncEngine(options.ToEngineOptions(), source, target, metrics, logger);
    }
}
