using Godwit.MySql;

namespace Godwit.Providers.MySql.Target;

/// <summary>
/// The <c>godwit</c> database on a MySQL/MariaDB target, where the copy, the change stream and verify keep their state
/// (the same role as the <c>godwit</c> schema on PostgreSQL): made by this one bootstrap, versioned in
/// <c>godwit.schema_version</c>. Each version's statements run once, in order, under a named lock (<c>GET_LOCK</c>),
/// so every command can call <see cref="EnsureAsync"/> first. A target made by a newer Godwit is refused. Positions of
/// any source engine are kept as the engine's name and its codec's token.
/// </summary>
internal static class MySqlStateSchema
{
    /// <summary>The layout this build writes.</summary>
    public const int Version = 4;

    private const string LockName = "godwit_state_schema";

    private static readonly string[][] Migrations =
    [
        [
            """
            CREATE TABLE IF NOT EXISTS godwit.copy_runs (
                run_id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                stream          VARCHAR(255) NOT NULL,
                source          TEXT NOT NULL,
                source_database VARCHAR(255) NOT NULL,
                target_schema   VARCHAR(255) NOT NULL,
                status          VARCHAR(16) NOT NULL DEFAULT 'copying',
                jobs            INT NOT NULL,
                started_at      TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                finished_at     TIMESTAMP(6) NULL,
                KEY copy_runs_stream (stream, run_id)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
            """,
            """
            CREATE TABLE IF NOT EXISTS godwit.positions (
                run_id          BIGINT NOT NULL,
                attempt         INT NOT NULL,
                method          VARCHAR(32) NOT NULL,
                position_engine VARCHAR(16) NULL,
                position        TEXT NULL,
                warning         TEXT NULL,
                taken_at        TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                PRIMARY KEY (run_id, attempt),
                FOREIGN KEY (run_id) REFERENCES godwit.copy_runs (run_id) ON DELETE CASCADE
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
            """,
            """
            CREATE TABLE IF NOT EXISTS godwit.copy_chunks (
                run_id          BIGINT NOT NULL,
                source_table    VARCHAR(255) NOT NULL,
                chunk           INT NOT NULL,
                lower_bound     TEXT NULL,
                upper_bound     TEXT NULL,
                status          VARCHAR(16) NOT NULL DEFAULT 'pending',
                attempt         INT NULL,
                rows_read       BIGINT NULL,
                rows_loaded     BIGINT NULL,
                rows_rejected   BIGINT NULL,
                bytes           BIGINT NULL,
                snapshot_engine VARCHAR(16) NULL,
                snapshot        TEXT NULL,
                finished_at     TIMESTAMP(6) NULL,
                PRIMARY KEY (run_id, source_table, chunk),
                FOREIGN KEY (run_id) REFERENCES godwit.copy_runs (run_id) ON DELETE CASCADE
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
            """,
            """
            CREATE TABLE IF NOT EXISTS godwit.copy_rejects (
                run_id       BIGINT NOT NULL,
                source_table VARCHAR(255) NOT NULL,
                chunk        INT NOT NULL,
                `key`        TEXT NOT NULL,
                column_name  VARCHAR(255) NULL,
                value        TEXT NULL,
                reason       TEXT NOT NULL,
                rejected_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                KEY copy_rejects_run (run_id, source_table, chunk),
                FOREIGN KEY (run_id) REFERENCES godwit.copy_runs (run_id) ON DELETE CASCADE
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
            """,
            """
            CREATE TABLE IF NOT EXISTS godwit.sync_state (
                stream               VARCHAR(255) NOT NULL PRIMARY KEY,
                source_database      VARCHAR(255) NULL,
                target_schema        VARCHAR(255) NULL,
                position_engine      VARCHAR(16) NULL,
                position             TEXT NULL,
                source_head          TEXT NULL,
                last_event_time      TIMESTAMP(6) NULL,
                applied_at           TIMESTAMP(6) NULL,
                events_applied       BIGINT NOT NULL DEFAULT 0,
                rows_applied         BIGINT NOT NULL DEFAULT 0,
                transactions_applied BIGINT NOT NULL DEFAULT 0,
                lag_seconds          DOUBLE NULL,
                events_per_second    DOUBLE NULL,
                status               VARCHAR(32) NOT NULL DEFAULT 'new',
                last_error           TEXT NULL,
                last_error_at        TIMESTAMP(6) NULL,
                started_at           TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                updated_at           TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
            """,
            """
            CREATE TABLE IF NOT EXISTS godwit.verify_runs (
                run_id           VARCHAR(255) NOT NULL PRIMARY KEY,
                description      TEXT NOT NULL,
                target_schema    VARCHAR(255) NULL,
                mode             VARCHAR(32) NULL,
                differences      BIGINT NULL,
                tables           JSON NULL,
                differing_tables JSON NULL,
                started_at       TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                finished_at      TIMESTAMP(6) NULL
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
            """,
            """
            CREATE TABLE IF NOT EXISTS godwit.verify_chunks (
                run_id      VARCHAR(255) NOT NULL,
                table_name  VARCHAR(255) NOT NULL,
                lo          BIGINT NOT NULL,
                hi          BIGINT NOT NULL,
                source_rows BIGINT NOT NULL,
                target_rows BIGINT NOT NULL,
                equal       BOOLEAN NOT NULL,
                checked_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                PRIMARY KEY (run_id, table_name, lo),
                FOREIGN KEY (run_id) REFERENCES godwit.verify_runs (run_id) ON DELETE CASCADE
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
            """,
        ],

        // 2: cutovers onto this target (a rollback onto the old source, a MySQL → MySQL cutover).
        [
            """
            CREATE TABLE IF NOT EXISTS godwit.cutovers (
                id              BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                stream          VARCHAR(255) NULL,
                source_database VARCHAR(255) NOT NULL,
                target_schema   VARCHAR(255) NOT NULL,
                started_at      TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
                step            VARCHAR(32) NOT NULL,
                source_frozen   BOOLEAN NOT NULL DEFAULT FALSE,
                source_position TEXT NULL,
                source_gtid     TEXT NULL,
                freeze_ms       BIGINT NULL,
                routing_version BIGINT NULL,
                switch_command  BOOLEAN NOT NULL DEFAULT FALSE,
                result          VARCHAR(32) NULL,
                abort_reason    TEXT NULL,
                report          JSON NULL,
                finished_at     TIMESTAMP(6) NULL,
                KEY cutovers_schema (target_schema, id)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
            """,
        ],

        // 3: each stream's numbers every few seconds (MySqlStreamSampler) for the dashboard's lag chart, and each
        // stream's errors and reconnects since it began. MySQL 8 has no ADD COLUMN IF NOT EXISTS, so each column is
        // added only when information_schema lacks it (a bootstrap interrupted in between runs again).
        [
            """
            CREATE TABLE IF NOT EXISTS godwit.stream_samples (
                stream            VARCHAR(255) NOT NULL,
                at                TIMESTAMP(6) NOT NULL,
                lag_seconds       DOUBLE NULL,
                events_per_second DOUBLE NULL,
                rows_applied      BIGINT NOT NULL,
                events_applied    BIGINT NOT NULL,
                PRIMARY KEY (stream, at)
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
            """,
            AddColumn("sync_state", "errors", "BIGINT NOT NULL DEFAULT 0"),
            AddColumn("sync_state", "reconnects", "BIGINT NOT NULL DEFAULT 0"),
        ],

        // 4: the cluster worker that copied each chunk (migrate --cluster), set with the chunk's done-mark in its commit.
        [
            AddColumn("copy_chunks", "worker", "VARCHAR(255) NULL"),
        ],
    ];

    /// <summary>Brings the <c>godwit</c> database to <see cref="Version"/>.</summary>
    /// <exception cref="InvalidOperationException">The target's state was written by a newer Godwit.</exception>
    public static async Task EnsureAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        if (await CurrentAsync(connection, cancellationToken).ConfigureAwait(false) == Version)
        {
            return;
        }

        if (await connection.ScalarAsync<long>($"SELECT GET_LOCK('{LockName}', 60)", cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException("another godwit process is creating the godwit database on this target (GET_LOCK timed out after 60 s)");
        }

        try
        {
            await connection.ExecuteAsync(
                "CREATE DATABASE IF NOT EXISTS godwit DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin; "
                + "CREATE TABLE IF NOT EXISTS godwit.schema_version (version INT NOT NULL, applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE = InnoDB",
                cancellationToken).ConfigureAwait(false);
            var current = await CurrentAsync(connection, cancellationToken).ConfigureAwait(false) ?? 0;
            if (current > Version)
            {
                throw new InvalidOperationException(
                    $"the godwit database on this target is at version {current}, written by a newer Godwit; this one knows versions up to {Version}. Use the newer Godwit.");
            }

            // MySQL commits DDL as it runs it, so a version is recorded after its statements (each idempotent): a
            // bootstrap interrupted in between runs them again.
            for (var version = current + 1; version <= Version; version++)
            {
                foreach (var statement in Migrations[version - 1])
                {
                    await connection.ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
                }

                await connection.ExecuteAsync("INSERT INTO godwit.schema_version (version) VALUES (?)", [version], cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await connection.ExecuteAsync($"DO RELEASE_LOCK('{LockName}')", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Adds a column unless it is there: a prepared statement chosen by information_schema (MySQL 8 and MariaDB alike).</summary>
    private static string AddColumn(string table, string column, string definition) =>
        $"SET @godwit_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'godwit' AND TABLE_NAME = '{table}' AND COLUMN_NAME = '{column}') = 0, "
        + $"'ALTER TABLE godwit.`{table}` ADD COLUMN `{column}` {definition}', 'DO 0'); "
        + "PREPARE godwit_ddl FROM @godwit_ddl; EXECUTE godwit_ddl; DEALLOCATE PREPARE godwit_ddl";

    /// <summary>The version the target's godwit database is at; null when it has no version table.</summary>
    public static async Task<int?> CurrentAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var exists = await connection.ScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'godwit' AND TABLE_NAME = 'schema_version'", cancellationToken).ConfigureAwait(false);
        if (exists == 0)
        {
            return null;
        }

        return (int)await connection.ScalarAsync<long>("SELECT COALESCE(MAX(version), 0) FROM godwit.schema_version", cancellationToken).ConfigureAwait(false);
    }
}
