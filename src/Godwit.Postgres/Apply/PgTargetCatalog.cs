using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// The target schema as it is: the truth the DDL apply converges from. The target holds exactly the changes up to
/// the saved position (DDL commits with the position), so comparing with it, rather than with a remembered source
/// schema, makes each DDL step idempotent on replay and right when the stream starts behind the source's schema.
/// </summary>
public sealed class PgTargetCatalog
{
    private readonly Dictionary<(string Schema, string Name), PgTargetTable> _tables;

    private PgTargetCatalog(string schema, Dictionary<(string Schema, string Name), PgTargetTable> tables)
    {
        Schema = schema;
        _tables = tables;
    }

    /// <summary>The first schema read: the one target schema of a migration with one (a bare table name is looked up there).</summary>
    public string Schema { get; }

    public PgTargetTable? Table(string name) => Table(Schema, name);

    public PgTargetTable? Table(string schema, string name) => _tables.GetValueOrDefault((schema, name));

    /// <summary>Reads the schema's tables (in the caller's transaction when there is one).</summary>
    public static Task<PgTargetCatalog> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, CancellationToken cancellationToken) =>
        ReadAsync(connection, transaction, [schema], cancellationToken);

    /// <summary>Reads the tables of every schema of <paramref name="schemas"/> (in the caller's transaction when there is one).</summary>
    public static async Task<PgTargetCatalog> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<string> schemas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(schemas);
        var columns = new Dictionary<(string, string), Dictionary<string, (string, bool)>>();
        var indexes = new Dictionary<(string, string), HashSet<string>>();
        var constraints = new Dictionary<(string, string), HashSet<string>>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
            """, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = schemas.ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var table = (r.GetString(0), r.GetString(1));
                var cols = columns.TryGetValue(table, out var existing) ? existing : columns[table] = new(StringComparer.Ordinal);
                if (!r.IsDBNull(2))
                {
                    cols[r.GetString(2)] = (r.GetString(3), r.GetBoolean(4));
                }
            }
        }

        await using (var cmd = new NpgsqlCommand(
            """
            SELECT n.nspname, t.relname, i.relname, 'i' FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ANY($1)
            UNION ALL
            SELECT n.nspname, t.relname, k.conname, 'c' FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ANY($1)
            """, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = schemas.ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var into = r.GetString(3) == "i" ? indexes : constraints;
                var table = (r.GetString(0), r.GetString(1));
                (into.TryGetValue(table, out var set) ? set : into[table] = new(StringComparer.Ordinal)).Add(r.GetString(2));
            }
        }

        return new PgTargetCatalog(schemas.Count > 0 ? schemas[0] : string.Empty, columns.ToDictionary(
            kv => kv.Key,
            kv => new PgTargetTable(
                kv.Key.Item2,
                kv.Value,
                indexes.TryGetValue(kv.Key, out var i) ? i : new HashSet<string>(),
                constraints.TryGetValue(kv.Key, out var k) ? k : new HashSet<string>())));
    }
}
