namespace Godwit.Core.Dashboard;

/// <summary>
/// A cutover as the target recorded it, read generically (a kind, the step reached, the steps with their durations,
/// the freeze), so another switch recorded in the same shape (a rollback) shows the same way.
/// </summary>
public sealed record SwitchRecord
{
    public required long Id { get; init; }

    /// <summary>What kind of switch: <c>cutover</c> (or <c>rollback</c>).</summary>
    public required string Kind { get; init; }

    public string? Stream { get; init; }

    public required string TargetSchema { get; init; }

    /// <summary>The step reached (while it runs: the step running now).</summary>
    public required string Step { get; init; }

    public bool SourceFrozen { get; init; }

    /// <summary>switched, aborted, planned, …; null while it runs (or when a process died during it).</summary>
    public string? Result { get; init; }

    public long? FreezeMs { get; init; }

    public string? AbortReason { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The steps as they ran (from the finished report; empty while it runs).</summary>
    public IReadOnlyList<SwitchStep> Steps { get; init; } = [];
}
