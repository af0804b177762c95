using Godwit.Routing;

namespace Godwit.Demo.Traffic;

/// <summary>What the booking app saw: how many writes it tried, how many were acknowledged, retried or failed, and where.</summary>
public sealed record TrafficReport
{
    /// <summary>Writes started: acknowledged + failed.</summary>
    public long Attempted { get; init; }

    public long Acknowledged { get; init; }

    /// <summary>Writes given up (retry timeout, a non-retryable error, or abandoned at stop): their outcome is unknown.</summary>
    public long Failed { get; init; }

    /// <summary>Writes that needed more than one attempt.</summary>
    public long Retried { get; init; }

    /// <summary>Attempts after the first, over all writes.</summary>
    public long Retries { get; init; }

    public long AcknowledgedOnSource { get; init; }

    public long AcknowledgedOnTarget { get; init; }

    /// <summary>The longest time from a write's start to its acknowledgement, retries included.</summary>
    public double MaxLatencyMs { get; init; }

    public double P50LatencyMs { get; init; }

    public double P99LatencyMs { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public double WritesPerSecond { get; init; }

    public RoutingPrimary FinalPrimary { get; init; }

    public long FinalVersion { get; init; }

    /// <summary>When the app first saw the routing file name a different primary.</summary>
    public DateTimeOffset? SwitchSeenAt { get; init; }

    /// <summary>The switch time the routing file states.</summary>
    public DateTimeOffset? SwitchedAt { get; init; }

    public DateTimeOffset? LastSourceAckAt { get; init; }

    public DateTimeOffset? FirstTargetAckAt { get; init; }

    /// <summary>From the last write acknowledged by the source to the first acknowledged by the target: the pause the app felt.</summary>
    public double? WriteGapMs { get; init; }

    /// <summary>The first distinct failure messages (masked).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
