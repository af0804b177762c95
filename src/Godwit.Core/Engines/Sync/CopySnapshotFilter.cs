using Godwit.MySql.Binlog;

namespace Godwit.Cli.Sync;

/// <summary>
/// Row events the copy already holds. A table copied as one chunk was read at one source position; its row events
/// before that position are in the copied rows already. Applying them again is harmless for a table with a key
/// (an upsert lands once), but a keyless table would get a second copy of every replayed insert: after a resumed
/// copy, the stream may start earlier than such a table's snapshot. A transaction's events are contiguous in the
/// binlog, so an event before the snapshot position belongs to a transaction the snapshot saw.
/// </summary>
internal sealed class CopySnapshotFilter
{
    private readonly Dictionary<string, BinlogPosition> _snapshots;

    public CopySnapshotFilter(IEnumerable<(string Table, string File, long Position)> snapshots)
    {
        _snapshots = new Dictionary<string, BinlogPosition>(StringComparer.OrdinalIgnoreCase);
        foreach (var (table, file, position) in snapshots)
        {
            _snapshots[table] = new BinlogPosition(file, position);
        }
    }

    public static CopySnapshotFilter None { get; } = new([]);

    /// <summary>Whether a row event of <paramref name="table"/> ending at <paramref name="eventEnd"/> is in the copied rows already.</summary>
    public bool AlreadyCopied(string table, BinlogPosition? eventEnd) =>
        eventEnd is not null && _snapshots.TryGetValue(table, out var snapshot) && BinlogPositionOrder.Compare(eventEnd, snapshot) <= 0;
}
