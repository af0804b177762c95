using Godwit.Core.Providers;

namespace Godwit.Core.Dashboard;

/// <summary>Everything the target's state store says about its migrations at one moment.</summary>
public sealed record MigrationState
{
    /// <summary>The target's clock when it was read (ETAs and ages are measured against it).</summary>
    public required DateTimeOffset ReadAt { get; init; }

    public IReadOnlyList<StreamReport> Streams { get; init; } = [];

    /// <summary>Each stream's samples over the history asked for, oldest first, by stream name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<StreamSample>> Samples { get; init; } = new Dictionary<string, IReadOnlyList<StreamSample>>();

    /// <summary>The copy runs, newest first.</summary>
    public IReadOnlyList<CopyRunProgress> CopyRuns { get; init; } = [];

    /// <summary>Cutovers (and anything recorded in the same shape), newest first.</summary>
    public IReadOnlyList<SwitchRecord> Switches { get; init; } = [];

    /// <summary>Verify runs, newest first.</summary>
    public IReadOnlyList<VerifyRunRecord> VerifyRuns { get; init; } = [];
}
