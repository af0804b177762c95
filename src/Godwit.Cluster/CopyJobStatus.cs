using Orleans;

namespace Godwit.Cluster;

/// <summary>Where a cluster copy is: idle (no activation has run it: a fresh one after its silo died), running, done or failed.</summary>
[GenerateSerializer]
[Immutable]
public sealed record CopyJobStatus(
    [property: Id(0)] string State,
    [property: Id(1)] string? Error,
    [property: Id(2)] ChunkOutcome[] Chunks,
    [property: Id(3)] string JobSilo)
{
    public const string Idle = "idle";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}
