using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// The stream's fencing token, <c>godwit.stream_fence</c>: an owner (a stream grain's activation) claims the next epoch
/// before it applies anything, and every apply commit it makes checks, in its own transaction, that its epoch is still
/// the current one (<see cref="PgSyncStateStore.ProgressCommand"/> with <c>Epoch</c>). The check updates the fence row,
/// so it waits for a concurrent claim and then sees it: a stale owner's commit fails with <see cref="FencedSqlState"/>
/// and nothing of it (rows or position) is kept.
/// </summary>
public static class PgStreamFence
{
    /// <summary>The SQLSTATE a fenced commit fails with.</summary>
    public const string FencedSqlState = "GWF01";

    private const string Ddl = """
        CREATE SCHEMA IF NOT EXISTS godwit;
        CREATE TABLE IF NOT EXISTS godwit.stream_fence (stream text PRIMARY KEY, epoch bigint NOT NULL, claimed_at timestamptz NOT NULL DEFAULT now());
        CREATE OR REPLACE FUNCTION godwit.stream_fence_check(p_stream text, p_epoch bigint) RETURNS boolean LANGUAGE plpgsql AS $fn$
        DECLARE
            current_epoch bigint;
        BEGIN
            UPDATE godwit.stream_fence SET epoch = epoch WHERE stream = p_stream RETURNING epoch INTO current_epoch;
            IF current_epoch IS DISTINCT FROM p_epoch THEN
                RAISE EXCEPTION 'stream % is fenced: this owner holds epoch %, the current one is %', p_stream, p_epoch, current_epoch
                    USING ERRCODE = 'GWF01';
            END IF;
            RETURN true;
        END
        $fn$;
        """;

    // Two owners starting together would race on CREATE ... IF NOT EXISTS in the catalog.
    private const long DdlLock = 0x60D_F3CE;

    public static async Task EnsureAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = DdlLock });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var ddl = new NpgsqlCommand(Ddl, connection, transaction))
        {
            await ddl.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Claims the stream's next epoch: from now on only commits carrying it are accepted.</summary>
    public static async Task<long> ClaimAsync(NpgsqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        await EnsureAsync(connection, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO godwit.stream_fence (stream, epoch) VALUES ($1, 1)
            ON CONFLICT (stream) DO UPDATE SET epoch = godwit.stream_fence.epoch + 1, claimed_at = now()
            RETURNING epoch
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The stream's current epoch, or null before any owner claimed one (an owner that sees a newer one than its own is stale).</summary>
    public static async Task<long?> CurrentAsync(NpgsqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT epoch FROM godwit.stream_fence WHERE stream = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        return await command.ExecuteScalarAsync(cancellationToken) is long epoch ? epoch : null;
    }
}
