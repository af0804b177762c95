using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// Which target tables may take their changes as a net effect (<see cref="PgNetChanges"/>): those where applying a
/// group of source transactions in another order inside one target transaction ends in the same state. A primary key
/// (the net effect is per key); no other unique index (two rows trading a unique value need the source's order); no
/// foreign key from or to the table (the apply reproduces cascades the binlog does not log, and they act in order);
/// no exclusion constraint; no trigger that fires for the apply (enabled ALWAYS or REPLICA).
/// </summary>
public static class PgNetChangeEligibility
{
    /// <summary>The eligible tables of <paramref name="schemas"/>, each as <c>schema.table</c> (<see cref="Key"/>).</summary>
    public static async Task<IReadOnlySet<string>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<string> schemas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(schemas);
        await using var cmd = new NpgsqlCommand(
            """
            SELECT n.nspname::text || '.' || c.relname::text
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
               AND EXISTS (SELECT 1 FROM pg_constraint p WHERE p.conrelid = c.oid AND p.contype = 'p')
               AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique AND NOT i.indisprimary)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype IN ('f', 'x') AND (f.conrelid = c.oid OR f.confrelid = c.oid))
               AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgenabled IN ('A', 'R'))
            """, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter { Value = schemas.ToArray() });
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>How <see cref="ReadAsync"/> names a table.</summary>
    public static string Key(string schema, string table) => $"{schema}.{table}";
}
