using Godwit.Core.Positions;

namespace Godwit.Core.Providers.Changes;

/// <summary>
/// One event of a source's change stream as the sync engine sees it, whatever the engine that logged it: a
/// transaction's start, its rows, a schema change, its commit, or a heartbeat while the source is idle.
/// </summary>
public abstract class ChangeEvent
{
    /// <summary>Where the event ends in the source's log; null when the source does not say.</summary>
    public virtual StreamPosition? Position { get; init; }

    /// <summary>Whether the source's transaction ends with this event (a commit; on MySQL also a DDL statement, which commits implicitly).</summary>
    public virtual bool EndsTransaction => false;
}
