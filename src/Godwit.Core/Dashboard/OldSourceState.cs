namespace Godwit.Core.Dashboard;

/// <summary>
/// After a cutover with the way back, the reverse stream (<c>&lt;stream&gt;_reverse</c>) and any rollback are recorded in
/// the old source's own state store, not the target's. The dashboard given <c>--source</c> reads that store too and
/// shows both sides on one page: the source's streams as <see cref="StreamDirections.Reverse"/>, its switches as
/// rollbacks (a switch recorded on the old source made it the primary again).
/// </summary>
public static class OldSourceState
{
    public const string RollbackKind = "rollback";

    /// <param name="forward">The snapshot of the target's state (and the source's log).</param>
    /// <param name="source">The old source's state store, read now.</param>
    public static DashboardSnapshot Merge(DashboardSnapshot forward, MigrationState source)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(source);

        // The reverse stream reads the target's log, not the source's, so the source's log says nothing of its lag:
        // its stored lag (growing with a stall) is what it shows.
        var reverse = DashboardSnapshots.Build(source, null, s => s);
        return forward with
        {
            Streams = [.. forward.Streams, .. reverse.Streams.Select(s => s with { Direction = StreamDirections.Reverse })],
            CopyRuns = [.. forward.CopyRuns, .. reverse.CopyRuns],
            Switches = [.. forward.Switches.Concat(reverse.Switches.Select(c => c with { Kind = RollbackKind })).OrderByDescending(c => c.StartedAt)],
            VerifyRuns = [.. forward.VerifyRuns.Concat(reverse.VerifyRuns).OrderByDescending(v => v.StartedAt)],
        };
    }
}
