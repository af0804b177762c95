namespace Godwit.Core.Dashboard;

/// <summary>One copy run: its status and each table's chunks.</summary>
public sealed record CopyRunProgress
{
    public required long RunId { get; init; }

    public required string Stream { get; init; }

    public required string SourceDatabase { get; init; }

    public required string TargetSchema { get; init; }

    /// <summary>copying, post-data or done.</summary>
    public required string Status { get; init; }

    public int Jobs { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public IReadOnlyList<TableCopyProgress> Tables { get; init; } = [];
}
