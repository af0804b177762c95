using Godwit.Core.Connections;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Sync;
using Microsoft.Extensions.Logging;

namespace Godwit.Cluster;

/// <summary>
/// Builds the sync engine a stream grain runs, supplied by the host (<c>godwit worker</c>), which owns the code
/// <c>godwit sync</c> builds its engine with: a stream on the cluster is the same engine, with the grain's epoch.
/// </summary>
public interface IStreamEngineFactory
{
    SyncEngine Create(ClusterSyncJob job, ConnectionUri source, ConnectionUri target, long epoch, SyncMetrics metrics, ILogger logger);
}
