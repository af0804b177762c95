using Orleans;

namespace Godwit.Cluster;

/// <summary>Where a stream grain is: its state, the worker it runs on, its epoch, and why it ended when it did.</summary>
[GenerateSerializer]
[Immutable]
public sealed record StreamGrainStatus(
    [property: Id(0)] string State,
    [property: Id(1)] string Worker,
    [property: Id(2)] long? Epoch,
    [property: Id(3)] string? Error)
{
    /// <summary>No job (never started, or stopped and removed).</summary>
    public const string Idle = "idle";

    public const string Running = "running";

    /// <summary>Stopped by <c>sync --cluster --stop</c>.</summary>
    public const string Stopped = "stopped";

    /// <summary>A newer activation claimed the stream: this one stopped itself (nothing it applied after that was kept).</summary>
    public const string Fenced = "fenced";

    /// <summary>The target was cut over: the stream has nothing left to follow.</summary>
    public const string CutOver = "cut-over";

    public const string Failed = "failed";
}
