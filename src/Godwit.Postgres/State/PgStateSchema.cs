using Npgsql;

namespace Godwit.Postgres.State;

/// <summary>
/// The <c>godwit</c> schema on a target, where the copy, the change stream, cutover and verify keep their state: made
/// by this one bootstrap, versioned in <c>godwit.schema_version</c>. Each version's statements run once, in order,
/// under one advisory lock (concurrent <c>CREATE … IF NOT EXISTS</c> races on the catalog), so every command can call
/// <see cref="EnsureAsync"/> first. A target made by a newer Godwit is refused rather than written with an older layout.
/// Version 1 is the layout of the releases before the version table; its statements are idempotent, so such a target
/// is adopted as it is.
/// </summary>
public static class PgStateSchema
{
    /// <summary>The layout this build writes.</summary>
    public const int Version = 6;

    /// <summary>The advisory lock key every bootstrap takes (the one the stores took before this one).</summary>
    private const long LockKey = 7405921;

    private static readonly string[] Migrations =
    [
        // 1: copy runs, positions, chunks, rejects, deferred DDL; the stream's state; cutovers; verify runs.
        """
                CREATE TABLE IF NOT EXISTS godwit.copy_runs (
                    run_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    source          text NOT NULL,
                    source_database text NOT NULL,
                    target_schema   text NOT NULL,
                    status          text NOT NULL DEFAULT 'copying' CHECK (status IN ('copying', 'post-data', 'done')),
                    jobs            integer NOT NULL,
                    started_at      timestamptz NOT NULL DEFAULT now(),
                    finished_at     timestamptz
                );
                CREATE TABLE IF NOT EXISTS godwit.positions (
                    run_id      bigint NOT NULL REFERENCES godwit.copy_runs ON DELETE CASCADE,
                    attempt     integer NOT NULL,
                    method      text NOT NULL,
                    binlog_file text,
                    binlog_pos  bigint,
                    gtid        text,
                    warning     text,
                    taken_at    timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (run_id, attempt)
                );
                CREATE TABLE IF NOT EXISTS godwit.copy_chunks (
                    run_id        bigint NOT NULL REFERENCES godwit.copy_runs ON DELETE CASCADE,
                    source_table  text NOT NULL,
                    chunk         integer NOT NULL,
                    lower_bound   text[],
                    upper_bound   text[],
                    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
                    attempt       integer,
                    rows_read     bigint,
                    rows_loaded   bigint,
                    rows_rejected bigint,
                    bytes         bigint,
                    snapshot_file text,
                    snapshot_pos  bigint,
                    finished_at   timestamptz,
                    PRIMARY KEY (run_id, source_table, chunk)
                );
                CREATE TABLE IF NOT EXISTS godwit.copy_rejects (
                    run_id       bigint NOT NULL REFERENCES godwit.copy_runs ON DELETE CASCADE,
                    source_table text NOT NULL,
                    chunk        integer NOT NULL,
                    key          text NOT NULL,
                    column_name  text,
                    value        text,
                    reason       text NOT NULL,
                    rejected_at  timestamptz NOT NULL DEFAULT now()
                );
                CREATE TABLE IF NOT EXISTS godwit.deferred_ddl (
                    run_id   bigint NOT NULL REFERENCES godwit.copy_runs ON DELETE CASCADE,
                    object   text NOT NULL,
                    sql      text NOT NULL,
                    reason   text NOT NULL,
                    PRIMARY KEY (run_id, object)
                );
                CREATE OR REPLACE VIEW godwit.cdc_start AS
                    SELECT DISTINCT ON (p.run_id) p.run_id, p.binlog_file, p.binlog_pos, p.gtid, p.method
                      FROM godwit.positions p
                     ORDER BY p.run_id,
                              NOT EXISTS (SELECT 1 FROM godwit.copy_chunks c WHERE c.run_id = p.run_id AND c.attempt = p.attempt AND c.status = 'done'),
                              p.attempt;

                CREATE TABLE IF NOT EXISTS godwit.sync_state (
                    stream               text PRIMARY KEY,
                    source_database      text,
                    target_schema        text,
                    binlog_file          text,
                    binlog_pos           bigint,
                    gtid                 text,
                    last_event_time      timestamptz,
                    applied_at           timestamptz,
                    events_applied       bigint NOT NULL DEFAULT 0,
                    rows_applied         bigint NOT NULL DEFAULT 0,
                    transactions_applied bigint NOT NULL DEFAULT 0,
                    lag_seconds          double precision,
                    events_per_second    double precision,
                    source_file          text,
                    source_pos           bigint,
                    status               text NOT NULL DEFAULT 'new',
                    last_error           text,
                    last_error_at        timestamptz,
                    started_at           timestamptz NOT NULL DEFAULT now(),
                    updated_at           timestamptz NOT NULL DEFAULT now()
                );

                CREATE TABLE IF NOT EXISTS godwit.cutovers (
                    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    stream          text,
                    source_database text NOT NULL,
                    target_schema   text NOT NULL,
                    started_at      timestamptz NOT NULL DEFAULT now(),
                    step            text NOT NULL,
                    source_frozen   boolean NOT NULL DEFAULT false,
                    source_position text,
                    source_gtid     text,
                    freeze_ms       bigint,
                    routing_version bigint,
                    result          text,
                    abort_reason    text,
                    report          jsonb,
                    finished_at     timestamptz);
                ALTER TABLE godwit.cutovers ADD COLUMN IF NOT EXISTS switch_command boolean NOT NULL DEFAULT false;

                CREATE TABLE IF NOT EXISTS godwit.verify_runs (
                    run_id text PRIMARY KEY,
                    description text NOT NULL,
                    started_at timestamptz NOT NULL DEFAULT now(),
                    finished_at timestamptz);
                CREATE TABLE IF NOT EXISTS godwit.verify_chunks (
                    run_id text NOT NULL REFERENCES godwit.verify_runs ON DELETE CASCADE,
                    table_name text NOT NULL,
                    lo bigint NOT NULL,
                    hi bigint NOT NULL,
                    source_rows bigint NOT NULL,
                    target_rows bigint NOT NULL,
                    equal boolean NOT NULL,
                    checked_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (run_id, table_name, lo));
                ALTER TABLE godwit.verify_runs ADD COLUMN IF NOT EXISTS target_schema text;
                ALTER TABLE godwit.verify_runs ADD COLUMN IF NOT EXISTS mode text;
                ALTER TABLE godwit.verify_runs ADD COLUMN IF NOT EXISTS differences bigint;
                ALTER TABLE godwit.verify_runs ADD COLUMN IF NOT EXISTS tables text[];
                ALTER TABLE godwit.verify_runs ADD COLUMN IF NOT EXISTS differing_tables text[];

        """,

        // 2: copy runs keyed by the stream they feed (several sources into one target schema, shards with the same
        // database name among them); runs made before take the default stream name, the target schema.
        """
        ALTER TABLE godwit.copy_runs ADD COLUMN IF NOT EXISTS stream text;
        UPDATE godwit.copy_runs SET stream = target_schema WHERE stream IS NULL;
        ALTER TABLE godwit.copy_runs ALTER COLUMN stream SET NOT NULL;
        CREATE INDEX IF NOT EXISTS copy_runs_stream ON godwit.copy_runs (stream, run_id);
        """,

        // 3: positions of any source engine, as the engine's name and its codec's token (a PostgreSQL LSN as well as
        // binlog coordinates with GTIDs). The binlog columns stay, written for MySQL sources (status and scripts read
        // them); rows written before keep only those, and are read through them.
        """
        ALTER TABLE godwit.sync_state ADD COLUMN IF NOT EXISTS position_engine text;
        ALTER TABLE godwit.sync_state ADD COLUMN IF NOT EXISTS position text;
        ALTER TABLE godwit.sync_state ADD COLUMN IF NOT EXISTS source_head text;
        ALTER TABLE godwit.positions ADD COLUMN IF NOT EXISTS position_engine text;
        ALTER TABLE godwit.positions ADD COLUMN IF NOT EXISTS position text;
        ALTER TABLE godwit.copy_chunks ADD COLUMN IF NOT EXISTS snapshot_engine text;
        ALTER TABLE godwit.copy_chunks ADD COLUMN IF NOT EXISTS snapshot text;
        CREATE OR REPLACE VIEW godwit.cdc_start AS
            SELECT DISTINCT ON (p.run_id) p.run_id, p.binlog_file, p.binlog_pos, p.gtid, p.method, p.position_engine, p.position
              FROM godwit.positions p
             ORDER BY p.run_id,
                      NOT EXISTS (SELECT 1 FROM godwit.copy_chunks c WHERE c.run_id = p.run_id AND c.attempt = p.attempt AND c.status = 'done'),
                      p.attempt;
        """,

        // 4: each stream's numbers every few seconds (PgStreamSampler), for the dashboard's lag chart over the last hour.
        """
        CREATE TABLE IF NOT EXISTS godwit.stream_samples (
            stream            text NOT NULL,
            at                timestamptz NOT NULL DEFAULT now(),
            lag_seconds       double precision,
            events_per_second double precision,
            rows_applied      bigint NOT NULL,
            events_applied    bigint NOT NULL,
            PRIMARY KEY (stream, at)
        );
        """,

        // 5: each stream's errors and reconnects since it began (counted where its status records them), for the
        // dashboard and its /metrics, which see every process that ran the stream.
        """
        ALTER TABLE godwit.sync_state ADD COLUMN IF NOT EXISTS errors bigint NOT NULL DEFAULT 0;
        ALTER TABLE godwit.sync_state ADD COLUMN IF NOT EXISTS reconnects bigint NOT NULL DEFAULT 0;
        """,

        // 6: the cluster worker that copied each chunk (migrate --cluster), set in the chunk's own commit with its
        // done-mark, so a report can name the worker of every done chunk; null for chunks copied in one process.
        """
        ALTER TABLE godwit.copy_chunks ADD COLUMN IF NOT EXISTS worker text;
        """,
    ];

    /// <summary>Brings the schema to <see cref="Version"/> (nothing to do, and no lock taken, when it is there).</summary>
    /// <exception cref="PgStateSchemaException">The target's state was written by a newer Godwit.</exception>
    public static async Task EnsureAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (await CurrentAsync(connection, cancellationToken).ConfigureAwait(false) == Version)
        {
            return;
        }

        await ExecAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecAsync(
                connection,
                "CREATE SCHEMA IF NOT EXISTS godwit; CREATE TABLE IF NOT EXISTS godwit.schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken).ConfigureAwait(false);
            var current = await CurrentAsync(connection, cancellationToken).ConfigureAwait(false) ?? 0;
            if (current > Version)
            {
                throw new PgStateSchemaException(
                    $"the godwit schema on this target is at version {current}, written by a newer Godwit; this one knows versions up to {Version}. Use the newer Godwit.");
            }

            for (var version = current + 1; version <= Version; version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (var migrate = new NpgsqlCommand(Migrations[version - 1], connection, transaction))
                {
                    await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO godwit.schema_version (version) VALUES ($1)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = version });
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await ExecAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The version the target's godwit schema is at; null when it has no version table.</summary>
    public static async Task<int?> CurrentAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('godwit.schema_version') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return null;
            }
        }

        await using var cmd = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM godwit.schema_version", connection);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : null;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
