namespace Godwit.Core.Engines.Sync;

/// <summary>
/// The source ended a blocking binlog dump (an EOF packet): it is shutting down or restarting. Nothing asked the
/// stream to stop, so it is a lost source like any other, and the stream reconnects with backoff.
/// </summary>
public sealed class SourceStreamEndedException : IOException
{
    public SourceStreamEndedException()
        : base("the source ended the change stream (restarted or shut down?)")
    {
    }

    public SourceStreamEndedException(string message)
        : base(message)
    {
    }

    public SourceStreamEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
