namespace Godwit.Core.Dashboard;

/// <summary>What the dashboard page and its <c>/metrics</c> show at one moment (serialised as the page's JSON).</summary>
public sealed record DashboardSnapshot
{
    public required DateTimeOffset ReadAt { get; init; }

    /// <summary>The source's head, when the dashboard was given the source; null otherwise.</summary>
    public string? SourceHead { get; init; }

    /// <summary>Why the source could not be read this time (the page says so and shows the rest).</summary>
    public string? SourceError { get; init; }

    /// <summary>Log the source keeps for readers no stream of this target claims (an abandoned slot).</summary>
    public IReadOnlyList<SourceRetention> OtherRetention { get; init; } = [];

    public IReadOnlyList<StreamSnapshot> Streams { get; init; } = [];

    public IReadOnlyList<CopyRunSnapshot> CopyRuns { get; init; } = [];

    public IReadOnlyList<SwitchRecord> Switches { get; init; } = [];

    public IReadOnlyList<VerifyRunRecord> VerifyRuns { get; init; } = [];

    /// <summary>The worker cluster, when the dashboard was given its database (<c>--cluster</c>); null otherwise.</summary>
    public ClusterSnapshot? Cluster { get; init; }
}
