namespace Godwit.Core.Copy;

/// <summary>What the user asked for: <c>auto</c> tries the lock and falls back when privileges refuse it.</summary>
public enum SnapshotMode
{
    Auto,
    Lock,
    LockFree,
}
