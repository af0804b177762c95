using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// A session-level advisory lock on the apply connection, one per stream: a second <c>godwit sync</c> for the same
/// stream is refused, and other processes (cutover, status) can see through <c>pg_locks</c> whether a stream is being
/// applied right now, which <c>godwit.sync_state</c> alone cannot say after a kill -9. The lock goes with the session,
/// so a crashed stream never leaves it behind.
/// </summary>
public static class PgStreamLock
{
    /// <summary>The first key of the two-key advisory lock; the second is <c>hashtext(stream)</c>.</summary>
    public const int LockSpace = 7405923;

    public static async Task<bool> TryAcquireAsync(NpgsqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, hashtext($2))", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = LockSpace });
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The backend pid applying <paramref name="stream"/> now, or null when no session holds its lock.</summary>
    public static async Task<int?> HolderAsync(NpgsqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Two int4 keys show up as classid = key1, objid = key2 (as oid, so a negative hash wraps), objsubid = 2. Advisory
        // locks are per database but pg_locks shows the whole cluster's: a stream of the same name into another database
        // is another stream.
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1::int8::oid "
            + "AND objid = (hashtext($2)::int8 & 4294967295)::oid "
            + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = LockSpace });
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        return await command.ExecuteScalarAsync(cancellationToken) is int pid ? pid : null;
    }
}
