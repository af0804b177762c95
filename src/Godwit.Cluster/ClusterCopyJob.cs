using Orleans;

namespace Godwit.Cluster;

/// <summary>
/// A copy handed to the cluster: enough for any worker to rebuild the same plan, source and target (each worker
/// introspects the source itself). <see cref="Source"/> and <see cref="Target"/> are unmasked URIs: they travel on the
/// cluster's own network (see README, limits), never to a log.
/// </summary>
[GenerateSerializer]
public sealed record ClusterCopyJob(
    [property: Id(0)] string Stream,
    [property: Id(1)] string Source,
    [property: Id(2)] string Target,
    [property: Id(3)] string SpecJson,
    [property: Id(4)] long ChunkRows,
    [property: Id(5)] double MaxRowsPerSecond,
    [property: Id(6)] bool Restart,
    [property: Id(7)] int Jobs,
    [property: Id(8)] string? StreamName)
{
    /// <summary>The target without its password: keys the chunk log (two targets may have streams of the same name).</summary>
    public string TargetKey => Godwit.Core.Connections.ConnectionUri.Parse(Target).ToString();

    /// <summary>Masks passwords when the job is shown.</summary>
    public override string ToString() => $"copy job {Stream}";
}
