namespace Godwit.Core.Sync;

public enum SyncRowKind
{
    Insert,
    Update,
    Delete,
}
