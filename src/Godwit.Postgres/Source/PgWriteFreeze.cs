using Godwit.Core.Ddl;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// The cutover's write freeze on a PostgreSQL source: a trigger on every migrated table that refuses INSERT, UPDATE,
/// DELETE (per row, so rows routed through a partitioned parent are refused too) and TRUNCATE, enabled ALWAYS so that
/// not even a superuser session with <c>session_replication_role = replica</c> gets past it. A read-only default
/// (<c>default_transaction_read_only</c>) would not do: any session may turn it off for itself. Creating the
/// triggers takes each table's SHARE ROW EXCLUSIVE lock, so it waits for the writes in flight to commit, and every
/// write after it is refused with SQLSTATE 25006 (read_only_sql_transaction), which the routing library retries on
/// the new primary. Only Godwit's own apply session passes (it sets <c>godwit.apply</c>): after a rollback the tables
/// stay frozen for the application while the stream from the old source keeps them current.
/// </summary>
internal static class PgWriteFreeze
{
    public const string Name = "godwit_write_freeze";

    public static string Function(string schema) => PgIdentifier.Qualify(schema, Name);

    /// <summary>The statements that freeze <paramref name="tables"/>, to run in one transaction.</summary>
    public static IEnumerable<string> FreezeSql(string schema, IEnumerable<string> tables)
    {
        // Godwit's own DDL: the source's DDL trigger (PgDdlTrigger) does not record it into the stream.
        yield return PgDdlTrigger.UnrecordedLocal;
        yield return $"""
            CREATE OR REPLACE FUNCTION {Function(schema)}() RETURNS trigger LANGUAGE plpgsql AS $godwit$
            BEGIN
              IF current_setting('godwit.apply', true) = 'on' THEN
                RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
              END IF;
              RAISE EXCEPTION USING ERRCODE = '25006', MESSAGE = 'writes are frozen by a godwit cutover: the application is moving to the new primary';
            END
            $godwit$
            """;
        foreach (var table in tables)
        {
            var qualified = PgIdentifier.Qualify(schema, table);
            yield return $"DROP TRIGGER IF EXISTS {Name} ON {qualified}";
            yield return $"DROP TRIGGER IF EXISTS {Name}_truncate ON {qualified}";
            yield return $"CREATE TRIGGER {Name} BEFORE INSERT OR UPDATE OR DELETE ON {qualified} FOR EACH ROW EXECUTE FUNCTION {Function(schema)}()";
            yield return $"CREATE TRIGGER {Name}_truncate BEFORE TRUNCATE ON {qualified} FOR EACH STATEMENT EXECUTE FUNCTION {Function(schema)}()";
            yield return $"ALTER TABLE {qualified} ENABLE ALWAYS TRIGGER {Name}";
            yield return $"ALTER TABLE {qualified} ENABLE ALWAYS TRIGGER {Name}_truncate";
        }
    }

    /// <summary>Removes every freeze trigger of the schema and the function (CASCADE takes the triggers).</summary>
    public static string UnfreezeSql(string schema) => $"DROP FUNCTION IF EXISTS {Function(schema)}() CASCADE";

    /// <summary>How many of <paramref name="tables"/> carry both enabled freeze triggers now.</summary>
    public static async Task<int> FrozenTablesAsync(NpgsqlConnection connection, string schema, IReadOnlyCollection<string> tables, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*)::int FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relname = ANY($2)
               AND (SELECT count(*) FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname IN ($3, $3 || '_truncate') AND t.tgenabled = 'A') = 2
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = tables.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = Name });
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Whether the freeze function exists in the schema (a freeze is in place, or was left by an interrupted cutover).</summary>
    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = Name });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }
}
