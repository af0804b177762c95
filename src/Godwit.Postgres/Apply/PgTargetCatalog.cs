using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// The target schema as it is: the truth the DDL apply converges from. The target holds exactly the changes up to
/// the saved position (DDL commits with the position), so comparing with it, rather than with a remembered source
/// schema, makes each DDL step idempotent on replay and right when the stream starts behind the source's schema.
/// </summary>
public sealed class PgTargetCatalog
{
    private readonly Dictionary<string, PgTargetTable> _tables;

    private PgTargetCatalog(string schema, Dictionary<string, PgTargetTable> tables)
    {
        Schema = schema;
        _tables = tables;
    }

    public string Schema { get; }

    public IReadOnlyCollection<string> TableNames => _tables.Keys;

    public PgTargetTable? Table(string name) => _tables.GetValueOrDefault(name);

    /// <summary>Reads the schema's tables (in the caller's transaction when there is one).</summary>
    public static async Task<PgTargetCatalog> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var columns = new Dictionary<string, Dictionary<string, (string, bool)>>(StringComparer.Ordinal);
        var indexes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var constraints = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
            """, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var table = r.GetString(0);
                var cols = columns.TryGetValue(table, out var existing) ? existing : columns[table] = new(StringComparer.Ordinal);
                if (!r.IsDBNull(1))
                {
                    cols[r.GetString(1)] = (r.GetString(2), r.GetBoolean(3));
                }
            }
        }

        await using (var cmd = new NpgsqlCommand(
            """
            SELECT t.relname, i.relname, 'i' FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1
            UNION ALL
            SELECT t.relname, k.conname, 'c' FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1
            """, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var into = r.GetString(2) == "i" ? indexes : constraints;
                var table = r.GetString(0);
                (into.TryGetValue(table, out var set) ? set : into[table] = new(StringComparer.Ordinal)).Add(r.GetString(1));
            }
        }

        return new PgTargetCatalog(schema, columns.ToDictionary(
            kv => kv.Key,
            kv => new PgTargetTable(
                kv.Key,
                kv.Value,
                indexes.TryGetValue(kv.Key, out var i) ? i : new HashSet<string>(),
                constraints.TryGetValue(kv.Key, out var k) ? k : new HashSet<string>()),
            StringComparer.Ordinal));
    }
}
