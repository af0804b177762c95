namespace Godwit.Postgres.Apply;

/// <summary>One stream's row of <c>godwit.sync_state</c>: where the apply is and how it is doing.</summary>
public sealed record SyncState
{
    public required string Stream { get; init; }

    public string? SourceDatabase { get; init; }

    public string? TargetSchema { get; init; }

    public string? BinlogFile { get; init; }

    public long? BinlogPos { get; init; }

    public string? Gtid { get; init; }

    /// <summary>The applied position's engine and token (state schema version 3; null in older rows).</summary>
    public string? PositionEngine { get; init; }

    public string? PositionToken { get; init; }

    /// <summary>The source's head as last heard, a token of <see cref="PositionEngine"/>.</summary>
    public string? SourceHeadToken { get; init; }

    /// <summary>The position the target holds, whatever the source engine (<see cref="State.PgStoredPosition"/>).</summary>
    public Core.Positions.StreamPosition? Applied => State.PgStoredPosition.Read(PositionEngine, PositionToken, BinlogFile, BinlogPos, Gtid);

    /// <summary>The source's head as last heard.</summary>
    public Core.Positions.StreamPosition? SourceHead => State.PgStoredPosition.Read(PositionEngine, SourceHeadToken, SourceFile, SourcePos, null);

    /// <summary>Source timestamp of the last applied event.</summary>
    public DateTimeOffset? LastEventTime { get; init; }

    /// <summary>When the last apply transaction committed.</summary>
    public DateTimeOffset? AppliedAt { get; init; }

    public long EventsApplied { get; init; }

    public long RowsApplied { get; init; }

    public long TransactionsApplied { get; init; }

    public double? LagSeconds { get; init; }

    public double? EventsPerSecond { get; init; }

    /// <summary>The source's binlog head as last seen by the stream (heartbeats, or SHOW MASTER STATUS).</summary>
    public string? SourceFile { get; init; }

    public long? SourcePos { get; init; }

    public string? Status { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Errors and reconnects recorded since the stream began (layout 5).</summary>
    public long Errors { get; init; }

    public long Reconnects { get; init; }
}
