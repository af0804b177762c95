using System.Globalization;
using Godwit.Core.Assessment;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// <c>godwit assess</c> for a PostgreSQL source: what logical replication needs of the server and the account, each
/// table's replica identity (and the fix for it), and what a stream cannot carry (unlogged tables, large objects,
/// extensions the target lacks, DDL).
/// </summary>
internal static class PgSourceAssessment
{
    public static async Task<IReadOnlyList<Finding>> CheckAsync(ConnectionUri source, SourceDatabase database, ConnectionUri? target, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        await using var connection = await PgConnectionFactory.OpenAsync(source, cancellationToken).ConfigureAwait(false);
        await ServerAsync(connection, findings, cancellationToken).ConfigureAwait(false);
        await TablesAsync(connection, database, findings, cancellationToken).ConfigureAwait(false);
        await LeftoverSlotsAsync(connection, findings, cancellationToken).ConfigureAwait(false);
        if (await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_catalog.pg_largeobject_metadata", cancellationToken).ConfigureAwait(false) is > 0 and var objects)
        {
            findings.Add(new Finding(Severity.Warning, "large-objects", $"{objects.ToString(CultureInfo.InvariantCulture)} large object(s): logical replication carries none, and godwit does not copy them", "source",
                "move them with pg_dump --large-objects (or keep them in bytea columns, which are copied and streamed)"));
        }

        if (target is not null)
        {
            await ExtensionsAsync(connection, target, findings, cancellationToken).ConfigureAwait(false);
        }

        await OtherSchemasAsync(connection, database, findings, cancellationToken).ConfigureAwait(false);
        findings.Add(await PgDdlTrigger.ExistsAsync(connection, null, cancellationToken).ConfigureAwait(false)
            ? new Finding(Severity.Info, "ddl", "schema changes are recorded by godwit's DDL event trigger (godwit.source_ddl): the stream meets each at its position and applies or stops by --on-ddl", "source")
            : new Finding(Severity.Info, "ddl", "schema changes are not streamed by logical replication: a table changed on the source stops the stream at its first row, which says what to run on the target", "source",
                "godwit assess --fix --ddl-trigger records each DDL command into the stream at its exact position (--on-ddl apply then runs ADD/DROP/ALTER TYPE/RENAME COLUMN, CREATE INDEX and CREATE TABLE on the target); "
                + "or change the schema on the target first, or stop, change both, and run godwit sync again"));
        return findings;
    }

    /// <summary>
    /// Tables in non-system schemas the migration leaves out (the URI names the schemas it moves): they would stay
    /// behind without a word. Named here with how to move them.
    /// </summary>
    private static async Task OtherSchemasAsync(NpgsqlConnection connection, SourceDatabase database, List<Finding> findings, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT n.nspname::text, count(*)::int FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname <> ALL($1)
               AND n.nspname NOT IN ('godwit', 'godwit_cluster', 'pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
             GROUP BY 1 ORDER BY 1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database.Schemas.ToArray() });
        var others = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            others.Add($"{reader.GetString(0)} ({reader.GetInt32(1).ToString(CultureInfo.InvariantCulture)} tables)");
        }

        findings.Add(new Finding(
            Severity.Info,
            "schemas",
            database.KeysBySchema
                ? $"this migration ({database.Name}) moves schema{(database.Schemas.Count == 1 ? string.Empty : "s")} {string.Join(", ", database.Schemas)}, each into the schema of the same name; tables go by schema.name"
                : $"this migration moves schema {database.Name}",
            "source",
            database.EverySchema
                ? "with the DDL trigger (--fix --ddl-trigger) a schema made on the source later is moved too; name the schemas with ?schema=a,b to pin the set"
                : null));
        if (others.Count > 0)
        {
            findings.Add(new Finding(
                Severity.Warning,
                "other-schemas",
                $"this migration moves schema {string.Join(", ", database.Schemas)} only; {string.Join(", ", others)} stay behind",
                "source",
                "name them too (?schema=a,b on the source URI), or leave ?schema= out to move every non-system schema"));
        }
    }

    /// <summary>The replica identity each table needs: USING INDEX on a unique, non-partial, immediate index over NOT NULL columns, else FULL.</summary>
    public static async Task<IReadOnlyList<SourceFix>> FixesAsync(ConnectionUri source, SourceDatabase database, CancellationToken cancellationToken)
    {
        var fixes = new List<SourceFix>();
        await using var connection = await PgConnectionFactory.OpenAsync(source, cancellationToken).ConfigureAwait(false);
        foreach (var table in await IdentitiesAsync(connection, database, cancellationToken).ConfigureAwait(false))
        {
            if (table.NeedsIdentity)
            {
                var qualified = PgIdentifier.Qualify(table.Schema, table.Name);
                fixes.Add(table.Index is { } index
                    ? new SourceFix($"{table.Schema}.{table.Name}: replica identity from the unique index {index}", $"ALTER TABLE {qualified} REPLICA IDENTITY USING INDEX {PgIdentifier.Quote(index)}")
                    : new SourceFix($"{table.Schema}.{table.Name}: replica identity FULL (no unique index over NOT NULL columns; UPDATE and DELETE log the whole old row)", $"ALTER TABLE {qualified} REPLICA IDENTITY FULL"));
            }
        }

        return fixes;
    }

    private static async Task ServerAsync(NpgsqlConnection connection, List<Finding> findings, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT current_setting('wal_level'),
                   current_setting('max_replication_slots')::int - (SELECT count(*) FROM pg_catalog.pg_replication_slots)::int,
                   current_setting('max_wal_senders')::int - (SELECT count(*) FROM pg_catalog.pg_stat_replication)::int,
                   current_setting('max_slot_wal_keep_size'),
                   r.rolsuper, r.rolreplication, has_database_privilege(current_database(), 'CREATE'), current_setting('server_version_num')::int
              FROM pg_catalog.pg_roles r WHERE r.rolname = current_user
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var walLevel = reader.GetString(0);
        var freeSlots = reader.GetInt32(1);
        var freeSenders = reader.GetInt32(2);
        var keep = reader.GetString(3);
        var (super, replication, create, version) = (reader.GetBoolean(4), reader.GetBoolean(5), reader.GetBoolean(6), reader.GetInt32(7));
        if (walLevel != "logical")
        {
            findings.Add(new Finding(Severity.Blocker, "wal-level", $"wal_level is {walLevel}: the change stream needs logical decoding", "source", "ALTER SYSTEM SET wal_level = logical, then restart PostgreSQL"));
        }

        if (freeSlots < 1)
        {
            findings.Add(new Finding(Severity.Blocker, "replication-slots", "no free replication slot (max_replication_slots is used up)", "source", "raise max_replication_slots (restart), or drop a slot nobody reads"));
        }

        if (freeSenders < 1)
        {
            findings.Add(new Finding(Severity.Blocker, "wal-senders", "no free WAL sender (max_wal_senders is used up)", "source", "raise max_wal_senders (restart)"));
        }

        if (!super && !replication)
        {
            findings.Add(new Finding(Severity.Blocker, "replication-privilege", "the account has neither REPLICATION nor SUPERUSER: it cannot create or read a replication slot", "source", "ALTER ROLE … REPLICATION"));
        }

        if (!super && !create)
        {
            findings.Add(new Finding(Severity.Blocker, "publication-privilege", "the account cannot create the publication (CREATE on the database)", "source", "GRANT CREATE ON DATABASE … TO …"));
        }

        findings.Add(keep == "-1"
            ? new Finding(Severity.Info, "slot-wal", "max_slot_wal_keep_size is -1: a slot keeps WAL without limit, so a stream stopped for long fills the source's disk", "source",
                "watch `godwit status` (retained bytes), and drop the slot when the migration is over (godwit cutover --complete)")
            : new Finding(Severity.Warning, "slot-wal", $"max_slot_wal_keep_size is {keep}: a stream that falls further behind loses WAL it needs, and the migration must be copied again", "source",
                "keep the stream running, or raise max_slot_wal_keep_size"));
        if (version < 140000)
        {
            findings.Add(new Finding(Severity.Info, "tid-range-scan", "PostgreSQL before 14 has no TID range scan: tables without an integer key are copied in chunks that each scan the table", "source"));
        }
    }

    private static async Task TablesAsync(NpgsqlConnection connection, SourceDatabase database, List<Finding> findings, CancellationToken cancellationToken)
    {
        foreach (var table in await IdentitiesAsync(connection, database, cancellationToken).ConfigureAwait(false))
        {
            var where = $"{table.Schema}.{table.Name}";
            if (table.Unlogged)
            {
                findings.Add(new Finding(Severity.Blocker, "unlogged-table", "unlogged table: its changes are not in the WAL, so no stream can carry them (and a publication refuses it)", where,
                    $"ALTER TABLE {PgIdentifier.Qualify(table.Schema, table.Name)} SET LOGGED, or leave it out with --exclude"));
                continue;
            }

            if (table.NeedsIdentity)
            {
                findings.Add(new Finding(Severity.Blocker, "replica-identity",
                    "no primary key and no replica identity: published, the application's own UPDATE and DELETE on it would fail, and the stream could not find its rows", where,
                    (table.Index is { } index ? $"REPLICA IDENTITY USING INDEX {index}" : "REPLICA IDENTITY FULL") + " — `godwit assess --fix` sets it"));
            }
            else if (table.Identity == "f")
            {
                findings.Add(new Finding(Severity.Info, "replica-identity-full", "REPLICA IDENTITY FULL: every UPDATE and DELETE logs the whole old row (more WAL), and a keyless table's changes match on all columns", where));
            }

            if (!table.Owned)
            {
                findings.Add(new Finding(Severity.Blocker, "table-owner", "the account does not own the table: it cannot add it to the publication or freeze its writes at cutover", where,
                    "run godwit as the tables' owner (or a superuser), or GRANT the owning role to the account"));
            }
        }
    }

    private static async Task LeftoverSlotsAsync(NpgsqlConnection connection, List<Finding> findings, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT slot_name::text, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint, coalesce(wal_status, '')
              FROM pg_catalog.pg_replication_slots
             WHERE database = current_database() AND NOT active AND NOT temporary AND slot_name LIKE '{PgSlotNames.Prefix}%'
             ORDER BY 1
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var bytes = reader.GetInt64(1);
            findings.Add(new Finding(
                bytes > 1L << 30 || reader.GetString(2) is "unreserved" or "lost" ? Severity.Warning : Severity.Info,
                "idle-slot",
                $"replication slot {reader.GetString(0)} is not being read and keeps {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes of WAL (wal_status {reader.GetString(2)})",
                "source",
                $"run its stream (godwit sync); once its cutover is done, `godwit cutover --complete` drops it; for a migration given up, SELECT pg_drop_replication_slot('{reader.GetString(0)}') and DROP PUBLICATION {reader.GetString(0)}"));
        }
    }

    private static async Task ExtensionsAsync(NpgsqlConnection source, ConnectionUri target, List<Finding> findings, CancellationToken cancellationToken)
    {
        var wanted = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT extname::text FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql' ORDER BY 1", source))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                wanted.Add(reader.GetString(0));
            }
        }

        if (wanted.Count == 0)
        {
            return;
        }

        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken).ConfigureAwait(false);
        await using var check = new NpgsqlCommand(
            """
            SELECT e.name, EXISTS (SELECT 1 FROM pg_catalog.pg_extension x WHERE x.extname = e.name),
                   EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions a WHERE a.name = e.name)
              FROM unnest($1::text[]) AS e(name)
            """,
            connection);
        check.Parameters.Add(new NpgsqlParameter { Value = wanted.ToArray() });
        await using var rows = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = rows.GetString(0);
            if (!rows.GetBoolean(1))
            {
                findings.Add(rows.GetBoolean(2)
                    ? new Finding(Severity.Blocker, "extension", $"extension {name} is installed on the source but not in the target database (the schema's types and functions may need it)", "target",
                        $"CREATE EXTENSION {PgIdentifier.Quote(name)} on the target before the migration")
                    : new Finding(Severity.Blocker, "extension", $"extension {name} is installed on the source but not available on the target server", "target",
                        $"install the {name} extension's package on the target server"));
            }
        }
    }

    private static async Task<List<TableIdentity>> IdentitiesAsync(NpgsqlConnection connection, SourceDatabase database, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT n.nspname::text, c.relname::text, c.relreplident::text, c.relpersistence = 'u',
                   EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary),
                   pg_has_role(c.relowner, 'USAGE'),
                   (SELECT ic.relname::text FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                     WHERE i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL AND i.indimmediate AND NOT (0 = ANY (i.indkey::int2[]))
                       AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[]) k(attnum)
                                         JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum WHERE NOT a.attnotnull)
                     ORDER BY ic.relname LIMIT 1)
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND c.relkind = 'r'
             ORDER BY 1, 2
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database.Tables.Select(t => t.Schema).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = database.Tables.Select(t => t.Name).ToArray() });
        var tables = new List<TableIdentity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tables.Add(new TableIdentity(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return tables;
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed record TableIdentity(string Schema, string Name, string Identity, bool Unlogged, bool HasPrimaryKey, bool Owned, string? Index)
    {
        public bool NeedsIdentity => Identity == "n" || (Identity == "d" && !HasPrimaryKey);
    }
}
