using Godwit.Core.Sync;

namespace Godwit.Core.Providers.Changes;

/// <summary>
/// Row changes of one kind to one table, read row by row (the images are reused from row to row, never copied):
/// <c>while (rows.ReadRow()) { … rows.Before … rows.After … }</c>.
/// </summary>
public abstract class ChangeRows : ChangeEvent
{
    /// <summary>The table as it was when the change was logged.</summary>
    public abstract ChangeTable Table { get; }

    public abstract RowChangeKind Kind { get; }

    /// <summary>When the source logged the change (for the lag).</summary>
    public abstract DateTimeOffset Time { get; }

    /// <summary>The row before the change (updates and deletes), valid until the next <see cref="ReadRow"/>.</summary>
    public abstract ISourceRowImage? Before { get; }

    /// <summary>The row after the change (inserts and updates), valid until the next <see cref="ReadRow"/>.</summary>
    public abstract ISourceRowImage? After { get; }

    /// <summary>Moves to the next row; false after the last.</summary>
    public abstract bool ReadRow();
}
