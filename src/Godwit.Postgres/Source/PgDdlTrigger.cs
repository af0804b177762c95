using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// The event trigger a PostgreSQL source gets on request (<c>godwit assess --fix --ddl-trigger</c>): at
/// <c>ddl_command_end</c> and <c>sql_drop</c> it records each DDL command (its tag, the objects it touched, the
/// session's search_path and <c>current_query()</c>) as a row of <c>godwit.source_ddl</c>, a table of every Godwit
/// publication. pgoutput logs no DDL, only a table's new shape before its next row; the row is the DDL itself, in the
/// DDL's own transaction, so the stream meets it at its exact position (<see cref="PgRecordedDdl"/>).
/// <para>
/// A table made later joins the publications of its schema (and those of migrations that move every schema, so a
/// schema made later is moved too: <see cref="EverySchemaComment"/>) inside the same transaction (keyless, with REPLICA
/// IDENTITY FULL, so the application's UPDATE and DELETE keep working): rows written right after the CREATE are
/// published. Commands in system schemas, in <c>godwit</c>, on temporary objects and made by extensions are not recorded.
/// </para>
/// </summary>
internal static class PgDdlTrigger
{
    public const string Schema = "godwit";
    public const string Table = "source_ddl";
    public const string Function = "record_source_ddl";
    public const string EndTrigger = "godwit_ddl_command_end";
    public const string DropTrigger = "godwit_ddl_sql_drop";

    /// <summary>
    /// Marks a session's DDL as Godwit's own (the cutover's freeze triggers, replica-identity fixes): the trigger does
    /// not record it, so it never reaches, let alone stops, a stream. Session-wide; <see cref="UnrecordedLocal"/> for one transaction.
    /// </summary>
    public const string Unrecorded = "SET godwit.recording_ddl = 'on'";

    /// <summary>As <see cref="Unrecorded"/>, until the transaction ends.</summary>
    public const string UnrecordedLocal = "SET LOCAL godwit.recording_ddl = 'on'";

    /// <summary>The schemas whose commands are never recorded (the same filter on both events).</summary>
    private const string Recorded =
        "{0} IS NOT NULL AND {0} NOT IN ('godwit', 'godwit_cluster', 'pg_catalog', 'information_schema') AND {0} NOT LIKE 'pg\\_toast%' AND {0} NOT LIKE 'pg\\_temp%'";

    /// <summary>
    /// The comment on the publication of a migration that moves every non-system schema (<see cref="PgStreamSetup"/>):
    /// a table made in a schema no publication has a table of yet joins it, so a schema made later is moved too.
    /// </summary>
    public const string EverySchemaComment = "godwit: every schema";

    public static string QualifiedTable => $"{Schema}.{Table}";

    /// <summary>Creates (or replaces) the table, the function and both event triggers, and adds the table to the Godwit publications there are; returns what it made.</summary>
    public static async Task<IReadOnlyList<string>> InstallAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var recordedDropped = string.Format(System.Globalization.CultureInfo.InvariantCulture, Recorded, "schema_name");
        var recordedCommand = string.Format(System.Globalization.CultureInfo.InvariantCulture, Recorded, "d.schema_name");
        var recordedSchema = string.Format(System.Globalization.CultureInfo.InvariantCulture, Recorded, "s.nspname::text");
        await ExecuteAsync(connection, transaction, "CREATE SCHEMA IF NOT EXISTS godwit", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            transaction,
            """
            CREATE TABLE IF NOT EXISTS godwit.source_ddl (
                id bigserial PRIMARY KEY,
                lsn pg_lsn NOT NULL DEFAULT pg_catalog.pg_current_wal_insert_lsn(),
                event text NOT NULL,
                tag text NOT NULL,
                objects jsonb NOT NULL,
                search_path text NOT NULL,
                query text,
                recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now())
            """,
            cancellationToken).ConfigureAwait(false);

        // SECURITY DEFINER: the application's role records into godwit's table and adds its new tables to Godwit's
        // publications, which only their owner may do. The GUC guards against the trigger's own ALTERs recording themselves.
        await ExecuteAsync(
            connection,
            transaction,
            $$"""
            CREATE OR REPLACE FUNCTION godwit.record_source_ddl() RETURNS event_trigger
            LANGUAGE plpgsql SECURITY DEFINER AS $godwit$
            DECLARE
                caller_path text := pg_catalog.current_setting('search_path');
                recorded jsonb;
                made record;
                publication text;
            BEGIN
                IF pg_catalog.current_setting('godwit.recording_ddl', true) OPERATOR(pg_catalog.=) 'on' THEN
                    RETURN;
                END IF;
                -- The caller's search_path is recorded (the command's unqualified names resolve through it on the target),
                -- so it is not fixed by a SET clause; the body runs under a safe one, and the caller's comes back at the end.
                PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
                IF TG_EVENT = 'sql_drop' THEN
                    -- ALTER TABLE … DROP COLUMN drops objects too; it is recorded at ddl_command_end as an ALTER TABLE.
                    IF TG_TAG LIKE 'DROP %' THEN
                        SELECT jsonb_agg(jsonb_build_object('tag', TG_TAG, 'type', object_type, 'schema', schema_name, 'name', coalesce(object_name, object_identity)))
                          INTO recorded
                          FROM pg_event_trigger_dropped_objects()
                         WHERE original AND NOT is_temporary AND {{recordedDropped}};
                    END IF;
                ELSE
                    -- A CREATE SCHEMA is recorded too, under its own name as its schema (it belongs in none).
                    SELECT jsonb_agg(jsonb_build_object('tag', d.command_tag, 'type', d.object_type, 'schema', coalesce(d.schema_name, s.nspname::text),
                                                        'name', coalesce(r.relname::text, s.nspname::text, d.object_identity)))
                      INTO recorded
                      FROM pg_event_trigger_ddl_commands() d
                      LEFT JOIN pg_index i ON d.classid = 'pg_class'::regclass AND i.indexrelid = d.objid
                      LEFT JOIN pg_class r ON d.classid = 'pg_class'::regclass AND r.oid = coalesce(i.indrelid, d.objid)
                      LEFT JOIN pg_namespace s ON d.classid = 'pg_namespace'::regclass AND s.oid = d.objid
                     WHERE NOT d.in_extension AND ({{recordedCommand}} OR (d.command_tag = 'CREATE SCHEMA' AND {{recordedSchema}}));
                END IF;
                IF recorded IS NOT NULL THEN
                    INSERT INTO godwit.source_ddl (event, tag, objects, search_path, query)
                    VALUES (TG_EVENT, TG_TAG, recorded, caller_path, current_query());
                END IF;
                IF recorded IS NOT NULL AND TG_EVENT = 'ddl_command_end' THEN
                    PERFORM set_config('godwit.recording_ddl', 'on', true);
                    FOR made IN
                        SELECT c.oid, n.nspname::text AS nspname, c.relname::text AS relname
                          FROM pg_event_trigger_ddl_commands() d
                          JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
                          JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE d.command_tag IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO') AND NOT d.in_extension
                           AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND {{recordedCommand}}
                    LOOP
                        FOR publication IN
                            SELECT p.pubname::text FROM pg_publication_tables p
                             WHERE p.pubname LIKE 'godwit\_%' AND p.schemaname = made.nspname AND p.tablename <> made.relname
                            UNION
                            SELECT p.pubname::text FROM pg_publication p
                             WHERE p.pubname LIKE 'godwit\_%' AND pg_catalog.obj_description(p.oid, 'pg_publication') = '{{EverySchemaComment}}'
                        LOOP
                            IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = made.oid AND indisprimary) THEN
                                EXECUTE format('ALTER TABLE %I.%I REPLICA IDENTITY FULL', made.nspname, made.relname);
                            END IF;
                            EXECUTE format('ALTER PUBLICATION %I ADD TABLE %I.%I', publication, made.nspname, made.relname);
                        END LOOP;
                    END LOOP;
                    PERFORM set_config('godwit.recording_ddl', 'off', true);
                END IF;
                PERFORM pg_catalog.set_config('search_path', caller_path, true);
            END
            $godwit$
            """,
            cancellationToken).ConfigureAwait(false);
        var made = new List<string> { $"table {QualifiedTable}", $"function {Schema}.{Function}()" };
        foreach (var (name, evt) in new[] { (EndTrigger, "ddl_command_end"), (DropTrigger, "sql_drop") })
        {
            await ExecuteAsync(connection, transaction, $"DROP EVENT TRIGGER IF EXISTS {name}", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"CREATE EVENT TRIGGER {name} ON {evt} EXECUTE FUNCTION godwit.record_source_ddl()", cancellationToken).ConfigureAwait(false);
            made.Add($"event trigger {name} ({evt})");
        }

        foreach (var publication in await GodwitPublicationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
        {
            await using var has = new NpgsqlCommand(
                "SELECT 1 FROM pg_catalog.pg_publication_tables WHERE pubname = $1 AND schemaname = 'godwit' AND tablename = 'source_ddl'", connection, transaction);
            has.Parameters.Add(new NpgsqlParameter { Value = publication });
            if (await has.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                await ExecuteAsync(connection, transaction, $"ALTER PUBLICATION {Core.Ddl.PgIdentifier.Quote(publication)} ADD TABLE godwit.source_ddl", cancellationToken).ConfigureAwait(false);
                made.Add($"{QualifiedTable} added to publication {publication}");
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return made;
    }

    /// <summary>Drops the event triggers, the function and the table; returns what it dropped.</summary>
    public static async Task<IReadOnlyList<string>> RemoveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var dropped = new List<string>();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in new[] { EndTrigger, DropTrigger })
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_catalog.pg_event_trigger WHERE evtname = $1", connection, transaction);
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                await ExecuteAsync(connection, transaction, $"DROP EVENT TRIGGER {name}", cancellationToken).ConfigureAwait(false);
                dropped.Add($"event trigger {name}");
            }
        }

        if (await ExistsAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, transaction, "DROP TABLE godwit.source_ddl", cancellationToken).ConfigureAwait(false);
            dropped.Add($"table {QualifiedTable}");
        }

        await using (var function = new NpgsqlCommand("SELECT to_regprocedure('godwit.record_source_ddl()') IS NOT NULL", connection, transaction))
        {
            if ((bool)(await function.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                await ExecuteAsync(connection, transaction, "DROP FUNCTION godwit.record_source_ddl()", cancellationToken).ConfigureAwait(false);
                dropped.Add($"function {Schema}.{Function}()");
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return dropped;
    }

    /// <summary>Whether the source records its DDL (the table exists: it then belongs in every Godwit publication).</summary>
    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('godwit.source_ddl') IS NOT NULL", connection, transaction);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The publications of Godwit's streams in this database.</summary>
    public static async Task<IReadOnlyList<string>> GodwitPublicationsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT pubname::text FROM pg_catalog.pg_publication WHERE pubname LIKE '{PgSlotNames.Prefix.Replace("_", "\\_", StringComparison.Ordinal)}%' ORDER BY 1", connection, transaction);
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
