using Npgsql.Replication;
using NpgsqlTypes;

namespace Godwit.Postgres.Replication;

/// <summary>
/// A new logical slot and the snapshot it exported. The snapshot is valid only while this object lives (the
/// exporting replication connection must stay open and idle: PostgreSQL docs, CREATE_REPLICATION_SLOT … EXPORT_SNAPSHOT);
/// every copy worker runs <c>SET TRANSACTION SNAPSHOT</c> with <see cref="SnapshotName"/> in a REPEATABLE READ
/// transaction and so sees exactly the data before <see cref="ConsistentPoint"/>, where the stream starts.
/// </summary>
public sealed class PgSlotSnapshot : IAsyncDisposable
{
    private readonly LogicalReplicationConnection _connection;

    internal PgSlotSnapshot(LogicalReplicationConnection connection, string slot, string snapshotName, NpgsqlLogSequenceNumber consistentPoint)
    {
        _connection = connection;
        Slot = slot;
        SnapshotName = snapshotName;
        ConsistentPoint = consistentPoint;
    }

    public string Slot { get; }

    public string SnapshotName { get; }

    /// <summary>The first position the stream can start from; every change after the snapshot comes after it.</summary>
    public NpgsqlLogSequenceNumber ConsistentPoint { get; }

    /// <summary>Releases the snapshot (the slot stays).</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
