namespace Godwit.Core.Dashboard;

/// <summary>One stream on the dashboard: its state, its lag now, what the source keeps for it, and its samples.</summary>
public sealed record StreamSnapshot
{
    public required string Stream { get; init; }

    public string? Status { get; init; }

    public bool Running { get; init; }

    public string? SourceDatabase { get; init; }

    public string? TargetSchema { get; init; }

    public string? AppliedPosition { get; init; }

    public double? LagSeconds { get; init; }

    public long? BytesBehind { get; init; }

    public double? EventsPerSecond { get; init; }

    public long EventsApplied { get; init; }

    public long RowsApplied { get; init; }

    public long TransactionsApplied { get; init; }

    public DateTimeOffset? LastEventTime { get; init; }

    /// <summary>Seconds since the stream last committed on the target.</summary>
    public double? SecondsSinceApplied { get; init; }

    public DateTimeOffset? AppliedAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Errors and reconnects the stream recorded since it began (kept in its state, whichever process ran it).</summary>
    public long Errors { get; init; }

    public long Reconnects { get; init; }

    /// <summary>
    /// <c>forward</c> for a stream into the target; <c>reverse</c> for one read from the source's own state store (the
    /// way back after a cutover, <c>&lt;stream&gt;_reverse</c>, which applies into the old source).
    /// </summary>
    public string Direction { get; init; } = StreamDirections.Forward;

    public SourceRetention? Retention { get; init; }

    public IReadOnlyList<StreamSample> Samples { get; init; } = [];
}
