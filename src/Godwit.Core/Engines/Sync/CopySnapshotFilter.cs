using Godwit.Core.Positions;
using Godwit.Core.Providers.Changes;

namespace Godwit.Core.Engines.Sync;

/// <summary>
/// Row events the copy already holds. A table copied as one chunk was read at one source position; its row events
/// before that position are in the copied rows already. Applying them again is harmless for a table with a key
/// (an upsert lands once), but a keyless table would get a second copy of every replayed insert: after a resumed
/// copy, the stream may start earlier than such a table's snapshot.
/// <para>
/// The contract with the change sources: a row event's position is at or before a copy's position exactly when the
/// copy holds it. A binlog event carries its end (a transaction's events are contiguous in the binlog, so an event
/// ending at or before the snapshot belongs to a transaction the snapshot saw); a PostgreSQL row carries one past the
/// start of its transaction's commit record, since a slot's consistent point can be the start of a commit record
/// the exported snapshot does not see.
/// </para>
/// </summary>
public sealed class CopySnapshotFilter
{
    private readonly IStreamPositionCodec _codec;
    private readonly Dictionary<string, StreamPosition> _snapshots;

    public CopySnapshotFilter(IStreamPositionCodec codec, IEnumerable<(string Table, StreamPosition At)> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        _codec = codec ?? throw new ArgumentNullException(nameof(codec));
        _snapshots = new Dictionary<string, StreamPosition>(StringComparer.OrdinalIgnoreCase);
        foreach (var (table, at) in snapshots)
        {
            _snapshots[table] = at;
        }
    }

    /// <summary>Whether a row event of <paramref name="table"/> is in the copied rows already (its position is asked for only when the table has a snapshot).</summary>
    public bool AlreadyCopied(string table, ChangeEvent change) =>
        _snapshots.TryGetValue(table, out var snapshot) && change.Position is { } end && _codec.Compare(end, snapshot) <= 0;
}
