namespace Godwit.Core.Copy;

/// <summary>How the copy's consistent point was taken (see docs in <see cref="ICopySource.OpenSnapshotAsync"/>).</summary>
public enum SnapshotMethod
{
    /// <summary>FLUSH TABLES WITH READ LOCK held while every worker opened its snapshot: one exact position for all.</summary>
    GlobalReadLock,

    /// <summary>No lock: each worker has its own snapshot; the recorded position is read before any of them (earliest).</summary>
    LockFree,

    /// <summary>PostgreSQL: every worker imports the snapshot a replication slot exported; its consistent point is exact for all.</summary>
    SlotSnapshot,
}
