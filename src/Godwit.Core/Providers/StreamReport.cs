using Godwit.Core.Positions;

namespace Godwit.Core.Providers;

/// <summary>A change stream as <c>godwit status</c> shows it, from the target's state store.</summary>
public sealed record StreamReport
{
    public required string Stream { get; init; }

    public string? Status { get; init; }

    /// <summary>Whether a process applies the stream now (its lock is held): the state alone cannot tell a stream killed -9.</summary>
    public bool Running { get; init; }

    public string? SourceDatabase { get; init; }

    public string? TargetSchema { get; init; }

    /// <summary>The position applied (committed with the rows).</summary>
    public StreamPosition? Applied { get; init; }

    /// <summary>The source's transaction state applied (GTIDs).</summary>
    public string? AppliedState { get; init; }

    /// <summary>The source's head as the stream last heard it.</summary>
    public StreamPosition? SourceHead { get; init; }

    public double? LagSeconds { get; init; }

    public double? EventsPerSecond { get; init; }

    public long EventsApplied { get; init; }

    public long RowsApplied { get; init; }

    public long TransactionsApplied { get; init; }

    public DateTimeOffset? LastEventTime { get; init; }

    public DateTimeOffset? AppliedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Errors the stream recorded since it began (every failed attempt, a reconnect or the last one).</summary>
    public long Errors { get; init; }

    /// <summary>How often the stream lost a connection and reconnected since it began.</summary>
    public long Reconnects { get; init; }
}
