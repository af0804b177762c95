using Orleans;

namespace Godwit.Cluster;

/// <summary>
/// A copy handed to the cluster: enough for any worker to rebuild the same plan, source and target (each worker
/// introspects the source itself). <see cref="Source"/> and <see cref="Target"/> carry no password: Orleans'
/// connections are not encrypted, so each worker resolves the passwords from its own environment or files.
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
    public string TargetKey => KeyOf(Godwit.Core.Connections.ConnectionUri.Parse(Target));

    /// <summary>The chunk log's key for a target URI, with or without a password in it.</summary>
    public static string KeyOf(Godwit.Core.Connections.ConnectionUri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.WithPassword(null).ToString();
    }

    /// <summary>Masks passwords when the job is shown.</summary>
    public override string ToString() => $"copy job {Stream}";
}
