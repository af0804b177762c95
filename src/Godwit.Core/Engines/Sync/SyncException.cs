namespace Godwit.Core.Engines.Sync;

/// <summary>The stream cannot go on without the operator: the message says why and what to do (no reconnect cures it).</summary>
public class SyncException : Exception
{
    public SyncException(string message)
        : base(message)
    {
    }

    public SyncException()
    {
    }

    public SyncException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
