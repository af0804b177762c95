namespace Godwit.Core.Engines.Cutover;

/// <summary>What a cutover did: <c>switched</c>, <c>aborted</c> (the source writable, nothing switched) or <c>planned</c> (--dry-run).</summary>
public sealed record CutoverReport
{
    public const string Switched = "switched";
    public const string Aborted = "aborted";
    public const string Planned = "planned";

    public required string Result { get; init; }

    public required IReadOnlyList<CutoverStepResult> Steps { get; init; }

    /// <summary>From the moment writes stopped on the source to the moment the routing file (or switch command) sent them to the target; null when never frozen.</summary>
    public long? FreezeMs { get; init; }

    public long EventsDrained { get; init; }

    /// <summary>Sessions still waiting to write on the source when --switch-hold ended, ended uncommitted.</summary>
    public int KilledAfterSwitch { get; init; }

    public string? Stream { get; init; }

    /// <summary>The source's binlog position at the freeze: nothing was written after it.</summary>
    public string? SourcePosition { get; init; }

    public string? SourceGtid { get; init; }

    /// <summary>Where the stream's applied position was when the cutover ended.</summary>
    public string? AppliedPosition { get; init; }

    public long? RoutingVersion { get; init; }

    public string? AbortReason { get; init; }

    /// <summary>Whether the source was writable when the cutover ended (true after any abort).</summary>
    public bool SourceWritable { get; init; }

    public IReadOnlyList<string> Plan { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public TimeSpan Elapsed { get; init; }
}
