namespace Godwit.Core.Engines.Sync;

/// <summary>
/// Another process applies the stream (it holds the stream's lock). Nothing is wrong with the stream itself, so the
/// engine does not record it as failed: the process that holds it keeps reporting its state (a guard watching the
/// reverse stream would otherwise see an error and roll back).
/// </summary>
public sealed class StreamLockedException : SyncException
{
    public StreamLockedException(string message)
        : base(message)
    {
    }

    public StreamLockedException()
    {
    }

    public StreamLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
