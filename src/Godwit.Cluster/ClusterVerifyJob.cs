using Orleans;

namespace Godwit.Cluster;

/// <summary>
/// A verify whose chunks the cluster compares (<c>verify --cluster</c>): enough for any worker to rebuild the same
/// tables and endpoints (it introspects the source itself). Without passwords, as <see cref="ClusterCopyJob"/>.
/// </summary>
[GenerateSerializer]
public sealed record ClusterVerifyJob(
    [property: Id(0)] string RunId,
    [property: Id(1)] string Source,
    [property: Id(2)] string Target,
    [property: Id(3)] string SpecJson,
    [property: Id(4)] string OptionsJson)
{
    /// <summary>Masks passwords when the job is shown.</summary>
    public override string ToString() => $"verify job {RunId}";
}
