namespace Godwit.Core.Dashboard;

/// <summary>
/// The worker cluster as the dashboard shows it when given <c>--cluster</c>: its workers with the chunks each
/// committed, and the streams it runs with the worker holding each (read from the cluster database).
/// </summary>
public sealed record ClusterSnapshot
{
    public IReadOnlyList<ClusterWorkerSnapshot> Workers { get; init; } = [];

    public IReadOnlyList<ClusterStreamSnapshot> Streams { get; init; } = [];

    /// <summary>Why the cluster database could not be read this time.</summary>
    public string? Error { get; init; }
}
