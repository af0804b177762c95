using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// MySQL and MariaDB do not log the rows a foreign key's ON DELETE/UPDATE CASCADE (or SET NULL, SET DEFAULT)
/// changes: a replica is expected to cascade itself. The apply runs with <c>session_replication_role = replica</c>,
/// which silences PostgreSQL's own FK triggers, so those actions would never happen on the target. This sets the
/// referenced tables' action triggers of such keys to fire ALWAYS (also in replica mode); the checks (and NO ACTION /
/// RESTRICT) stay off. Needs the table owner or a superuser, like the replica role itself.
/// </summary>
public static class PgCascadeTriggers
{
    public static async Task<int> EnableAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var statements = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', t.tgrelid::regclass, t.tgname)
              FROM pg_trigger t JOIN pg_constraint c ON c.oid = t.tgconstraint
             WHERE c.contype = 'f' AND t.tgrelid = c.confrelid AND t.tgenabled <> 'A'
               AND c.connamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = $1)
               AND (((t.tgtype & 8) <> 0 AND c.confdeltype IN ('c', 'n', 'd'))
                 OR ((t.tgtype & 16) <> 0 AND c.confupdtype IN ('c', 'n', 'd')))
            """, connection, transaction))
        {
            // By name, not ::regnamespace: a schema the target lacks yet (made on the source later) has no keys, not an error.
            cmd.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                statements.Add(reader.GetString(0));
            }
        }

        foreach (var sql in statements)
        {
            await using var alter = new NpgsqlCommand(sql, connection, transaction);
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }

        return statements.Count;
    }

}
