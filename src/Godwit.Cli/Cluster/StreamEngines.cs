using Godwit.Cli.Sync;
using Godwit.Cluster;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Cluster;

/// <summary>The sync engine of a stream grain: the one <c>godwit sync</c> runs (<see cref="StreamEndpoints"/>), with the grain's epoch.</summary>
internal sealed class StreamEngines : IStreamEngineFactory
{
    public SyncEngine Create(ClusterSyncJob job, ConnectionUri source, ConnectionUri target, long epoch, SyncMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(job);
        var options = new SyncRunOptions
        {
            Source = source,
            Target = target,
            Spec = CopyJobContexts.ReadSpec(job.SpecJson),
            Stream = job.Stream,
            ServerId = job.ServerId,
            OnDdl = Enum.Parse<OnDdlMode>(job.OnDdl),
            Epoch = epoch,
        };
        return StreamEndpoints.Engine(options, metrics, logger);
    }
}
