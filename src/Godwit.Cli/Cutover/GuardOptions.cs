namespace Godwit.Cli.Cutover;

/// <summary>What <c>cutover --guard</c> watches after the switch, and for how long.</summary>
/// <param name="Duration">How long the guard watches before it hands over (no trigger fired).</param>
/// <param name="MaxLag">A reverse stream further behind than this, at two checks in a row, fires.</param>
/// <param name="Unreachable">The new primary unreachable for this long fires.</param>
/// <param name="Command">A command (<c>/bin/sh -c</c>) that fires by exiting non-zero, e.g. a query of the application's error rate.</param>
/// <param name="Interval">Time between checks.</param>
public sealed record GuardOptions(TimeSpan Duration, TimeSpan MaxLag, TimeSpan Unreachable, string? Command, TimeSpan Interval)
{
    /// <summary>How often a checksum verify of the old source against the new primary runs (differences fire); null: never.</summary>
    public TimeSpan? VerifyEvery { get; init; }
}
