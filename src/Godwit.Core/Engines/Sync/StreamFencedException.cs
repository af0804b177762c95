namespace Godwit.Core.Engines.Sync;

/// <summary>
/// The target refused an apply commit because a newer owner claimed the stream's epoch (the stream fence): this owner
/// is stale (a stream grain's old activation after its silo was given up for dead) and must stop, not retry. Nothing
/// of the refused commit was kept, and the stream's state belongs to the new owner, so it is not recorded as a failure.
/// </summary>
public sealed class StreamFencedException : SyncException
{
    public StreamFencedException(string message)
        : base(message)
    {
    }

    public StreamFencedException()
    {
    }

    public StreamFencedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
