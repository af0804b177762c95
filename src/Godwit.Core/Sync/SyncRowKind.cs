namespace Godwit.Core.Sync;

public enum SyncRowKind
{
    Insert,
    Update,
    Delete,

    /// <summary>A whole table emptied (PostgreSQL's logged TRUNCATE).</summary>
    Truncate,
}
