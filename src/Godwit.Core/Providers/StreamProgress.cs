using Godwit.Core.Positions;

namespace Godwit.Core.Providers;

/// <summary>What an apply commit stores with its rows: the position, and the counters <c>godwit status</c> shows.</summary>
public sealed record StreamProgress
{
    /// <summary>The resume point after the last source transaction in the commit.</summary>
    public required StreamPosition Position { get; init; }

    public DateTimeOffset? LastEventTime { get; init; }

    public long Events { get; init; }

    public long Rows { get; init; }

    public long Transactions { get; init; }

    public double LagSeconds { get; init; }

    public double EventsPerSecond { get; init; }

    /// <summary>The source's log head as last heard.</summary>
    public StreamPosition? SourceHead { get; init; }

    public string Status { get; init; } = "running";

    /// <summary>
    /// The fencing token of the stream's owner (a stream grain's activation on the cluster): the commit is refused,
    /// in its own transaction, unless it is still the stream's current epoch. Null (one process): no fence.
    /// </summary>
    public long? Epoch { get; init; }
}
