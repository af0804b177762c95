namespace Godwit.Core.Engines.Sync;

/// <summary>The stream stopped on purpose before an event it must not pass (DDL under --on-ddl stop, or DDL it does not understand); the position before it is saved.</summary>
public sealed class SyncStoppedException : SyncException
{
    public SyncStoppedException(string message)
        : base(message)
    {
    }

    public SyncStoppedException()
    {
    }

    public SyncStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
