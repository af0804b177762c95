namespace Godwit.Postgres.Apply;

/// <summary>What one apply transaction adds to <c>godwit.sync_state</c>, written in that same transaction.</summary>
public sealed record SyncProgress
{
    public required string BinlogFile { get; init; }

    public required long BinlogPos { get; init; }

    public string? Gtid { get; init; }

    public DateTimeOffset? LastEventTime { get; init; }

    public long Events { get; init; }

    public long Rows { get; init; }

    public long Transactions { get; init; }

    public double LagSeconds { get; init; }

    public double EventsPerSecond { get; init; }

    public string? SourceFile { get; init; }

    public long? SourcePos { get; init; }

    public string Status { get; init; } = "running";
}
