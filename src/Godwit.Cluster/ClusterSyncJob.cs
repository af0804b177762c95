using Godwit.Core.Connections;
using Orleans;

namespace Godwit.Cluster;

/// <summary>
/// A change stream handed to the cluster (<c>sync --cluster</c>): enough for any worker to run the same sync engine.
/// <see cref="Stream"/> is the stream's resolved name (keys the stream grain, <c>godwit.sync_state</c> and the fence).
/// <see cref="Source"/> and <see cref="Target"/> carry no password, as <see cref="ClusterCopyJob"/>'s.
/// </summary>
[GenerateSerializer]
public sealed record ClusterSyncJob(
    [property: Id(0)] string Stream,
    [property: Id(1)] string Source,
    [property: Id(2)] string Target,
    [property: Id(3)] string SpecJson,
    [property: Id(4)] uint? ServerId,
    [property: Id(5)] string OnDdl)
{
    /// <summary>The source and target with this worker's own passwords (GODWIT_SOURCE/TARGET_PASSWORD, ~/.pgpass, ~/.my.cnf).</summary>
    public (ConnectionUri Source, ConnectionUri Target) Resolve() => WorkerEndpoints.Resolve(Source, Target);

    /// <summary>Masks passwords when the job is shown.</summary>
    public override string ToString() => $"stream job {Stream}";
}
