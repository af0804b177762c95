using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using NpgsqlTypes;

namespace Godwit.Postgres.Replication;

/// <summary>Creates, inspects and drops pgoutput logical replication slots.</summary>
public static class PgReplicationSlots
{
    /// <summary>
    /// Creates a pgoutput slot and exports its snapshot. Keep the result open until every copy worker has imported the
    /// snapshot (and, to be safe, until the copy ends). A <paramref name="temporary"/> slot goes with the connection.
    /// </summary>
    public static async Task<PgSlotSnapshot> CreateWithSnapshotAsync(NpgsqlConnectionStringBuilder settings, string slot, CancellationToken cancellationToken, bool temporary = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(slot);
        // No command timeout: a logical slot is consistent only once every transaction running when it began has
        // ended, so a source with a long transaction in flight (a report, a session idle in transaction) keeps the
        // command waiting for as long as that runs; 30 s (Npgsql's default) would fail the migration there.
        var unbounded = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { CommandTimeout = 0 };
        var connection = new LogicalReplicationConnection(unbounded.ConnectionString);
        try
        {
            await connection.Open(cancellationToken).ConfigureAwait(false);
            var created = await connection.CreatePgOutputReplicationSlot(
                slot, temporarySlot: temporary, slotSnapshotInitMode: LogicalSlotSnapshotInitMode.Export, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new PgSlotSnapshot(
                connection,
                slot,
                created.SnapshotName ?? throw new InvalidOperationException($"the server exported no snapshot for slot {slot}"),
                created.ConsistentPoint);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The slot's state, or null when it does not exist.</summary>
    public static async Task<PgSlotStatus?> ReadAsync(NpgsqlConnection connection, string slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            """
            SELECT slot_name, database, active, restart_lsn, confirmed_flush_lsn,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint, wal_status, safe_wal_size
            FROM pg_replication_slots WHERE slot_name = $1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = slot });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new PgSlotStatus(
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetBoolean(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<NpgsqlLogSequenceNumber>(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<NpgsqlLogSequenceNumber>(4),
            reader.IsDBNull(5) ? null : reader.GetInt64(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetInt64(7));
    }

    /// <summary>
    /// Whether the slot exists once no backend holds it. A copy killed while its slot was being made leaves a walsender
    /// behind that is still waiting for a consistent point (it notices its client is gone only when it next talks to
    /// it): until then the slot is listed, but it is ephemeral and goes with that backend. Read as "exists", a resumed
    /// copy would rely on a slot about to vanish, and the stream would later find none. So a holder of the slot is
    /// ended (a copy of this stream runs only here; a killed one's backend is all that can hold it), and the answer is
    /// what is left once it let go.
    /// </summary>
    public static async Task<bool> ExistsUnheldAsync(NpgsqlConnection connection, string slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await ReadAsync(connection, slot, cancellationToken).ConfigureAwait(false) is not { } status)
            {
                return false;
            }

            if (!status.Active)
            {
                return true;
            }

            await using (var end = new NpgsqlCommand("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = $1 AND active_pid IS NOT NULL", connection))
            {
                end.Parameters.Add(new NpgsqlParameter { Value = slot });
                await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return await ReadAsync(connection, slot, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Drops the slot if it exists (waiting for a consumer that still holds it to let go); true when one was dropped.</summary>
    public static async Task<bool> DropAsync(NpgsqlConnection connection, string slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = slot });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
    }
}
