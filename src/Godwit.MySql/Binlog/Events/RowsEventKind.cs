namespace Godwit.MySql.Binlog.Events;

/// <summary>What a rows event does: its rows carry an after image (insert), both (update) or a before image (delete).</summary>
public enum RowsEventKind
{
    Insert,
    Update,
    Delete,
}
