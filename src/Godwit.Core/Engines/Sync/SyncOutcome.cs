namespace Godwit.Core.Engines.Sync;

/// <summary>How a sync run ended (errors are exceptions).</summary>
public enum SyncOutcome
{
    /// <summary>Everything the source had when the run started is applied (<c>--until-caught-up</c>).</summary>
    CaughtUp,

    /// <summary>Stopped on request (signal) at a transaction boundary.</summary>
    Stopped,

    /// <summary>A cutover switched the application to the target: the stream must not write to the new primary.</summary>
    CutOver,
}
