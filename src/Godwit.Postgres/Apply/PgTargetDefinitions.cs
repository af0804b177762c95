using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// What <see cref="PgTargetCatalog"/> lists by name only, for the DDL apply: each table's primary key (name and
/// columns), the definition of its keys and indexes as a <see cref="PgKeySignature"/> (a key keeps its name when its
/// columns change: <c>t_pkey</c> before and after), and which columns are identity or generated (their defaults are
/// not plain defaults).
/// </summary>
public sealed class PgTargetDefinitions
{
    private readonly Dictionary<string, PgTargetPrimaryKey> _primaryKeys;
    private readonly Dictionary<(string Table, string Name), string> _signatures;
    private readonly HashSet<(string Table, string Column)> _computedColumns;
    private readonly HashSet<(string Table, string Name)> _labelChecks = [];

    private PgTargetDefinitions(
        Dictionary<string, PgTargetPrimaryKey> primaryKeys, Dictionary<(string, string), string> signatures, HashSet<(string, string)> computedColumns)
    {
        _primaryKeys = primaryKeys;
        _signatures = signatures;
        _computedColumns = computedColumns;
    }

    public PgTargetPrimaryKey? PrimaryKey(string table) => _primaryKeys.GetValueOrDefault(table);

    /// <summary>The key's or index's <see cref="PgKeySignature"/>; null when it has none (a CHECK, a foreign key, an expression index).</summary>
    public string? Signature(string table, string name) => _signatures.GetValueOrDefault((table, name));

    /// <summary>Whether the column is an identity or a generated column.</summary>
    public bool IsComputed(string table, string column) => _computedColumns.Contains((table, column));

    /// <summary>
    /// Whether the constraint is the labels CHECK <c>godwit schema</c> gives an ENUM or SET column kept as text
    /// (<c>CHECK ((c = ANY (ARRAY[…])))</c> or <c>CHECK ((c &lt;@ ARRAY[…]))</c>), not a CHECK of the source's own.
    /// </summary>
    public bool IsLabelsCheck(string table, string name) => _labelChecks.Contains((table, name));

    /// <summary>Reads the schema's definitions (in the caller's transaction when there is one).</summary>
    public static async Task<PgTargetDefinitions> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var primaryKeys = new Dictionary<string, PgTargetPrimaryKey>(StringComparer.Ordinal);
        var signatures = new Dictionary<(string, string), string>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT t.relname, k.conname, k.contype::text,
                   ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS c(attnum, n)
                           JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.attnum ORDER BY c.n),
                   NULL
              FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = $1 AND k.contype IN ('p', 'u')
            UNION ALL
            SELECT t.relname, i.relname, 'i', NULL, pg_get_indexdef(x.indexrelid)
              FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = $1 AND x.indpred IS NULL
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid)
            """, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var table = r.GetString(0);
                var name = r.GetString(1);
                var signature = r.GetString(2) switch
                {
                    "p" => PgKeySignature.PrimaryKey(r.GetFieldValue<string[]>(3)),
                    "u" => PgKeySignature.Unique(r.GetFieldValue<string[]>(3)),
                    _ => PgKeySignature.OfIndexDefinition(r.GetString(4)),
                };
                if (r.GetString(2) == "p")
                {
                    primaryKeys[table] = new PgTargetPrimaryKey(name, r.GetFieldValue<string[]>(3));
                }

                if (signature is not null)
                {
                    signatures[(table, name)] = signature;
                }
            }
        }

        var computed = new HashSet<(string, string)>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT t.relname, a.attname
              FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = $1 AND t.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND (a.attidentity <> '' OR a.attgenerated <> '')
            """, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                computed.Add((r.GetString(0), r.GetString(1)));
            }
        }

        var definitions = new PgTargetDefinitions(primaryKeys, signatures, computed);
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT t.relname, k.conname, pg_get_constraintdef(k.oid)
              FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = $1 AND k.contype = 'c'
            """, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var definition = r.GetString(2);
                if (definition.StartsWith("CHECK ((", StringComparison.Ordinal)
                    && (definition.Contains(" = ANY (ARRAY[", StringComparison.Ordinal) || definition.Contains(" <@ ARRAY[", StringComparison.Ordinal))
                    && !definition.Contains(" AND ", StringComparison.Ordinal) && !definition.Contains(" OR ", StringComparison.Ordinal))
                {
                    definitions._labelChecks.Add((r.GetString(0), r.GetString(1)));
                }
            }
        }

        return definitions;
    }
}
