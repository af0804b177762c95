using Godwit.Core.Schema;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// Reads the schemas of a PostgreSQL source a migration moves into the model copy, stream and verify work from: its tables (leaf
/// partitions included, partitioned parents not: they hold no rows), columns with their types as <c>format_type</c>
/// prints them with an empty search_path (so user types come schema-qualified), keys and unique indexes, and sizes.
/// </summary>
internal static class PgSourceIntrospector
{
    public static Task<SourceDatabase> ReadAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken) =>
        ReadAsync(connection, schema, [schema], keysBySchema: false, cancellationToken);

    /// <summary>The tables of <paramref name="schemas"/>, as one migration named <paramref name="name"/>.</summary>
    public static async Task<SourceDatabase> ReadAsync(
        NpgsqlConnection connection, string name, IReadOnlyList<string> schemas, bool keysBySchema, CancellationToken cancellationToken)
    {
        var schema = schemas.ToArray();
        // An empty search_path makes format_type qualify every type outside pg_catalog, as pg_dump does.
        await ExecuteAsync(connection, "SET search_path TO ''", cancellationToken).ConfigureAwait(false);
        try
        {
            var version = await ScalarAsync(connection, "SHOW server_version", cancellationToken).ConfigureAwait(false);
            var columns = await ColumnsAsync(connection, schema, cancellationToken).ConfigureAwait(false);
            var indexes = await IndexesAsync(connection, schema, cancellationToken).ConfigureAwait(false);
            var tables = new List<SourceTable>();
            await using (var command = new NpgsqlCommand(
                """
                SELECT c.oid, c.relname::text, greatest(c.reltuples, 0)::bigint, pg_relation_size(c.oid), pg_indexes_size(c.oid),
                       obj_description(c.oid, 'pg_class'), n.nspname::text
                  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ANY($1) AND c.relkind = 'r'
                 ORDER BY n.nspname, c.relname
                """,
                connection))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = schema });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var oid = reader.GetFieldValue<uint>(0);
                    tables.Add(new SourceTable
                    {
                        Schema = reader.GetString(6),
                        Name = reader.GetString(1),
                        KeyedBySchema = keysBySchema,
                        RowEstimate = reader.GetInt64(2),
                        DataBytes = reader.GetInt64(3),
                        IndexBytes = reader.GetInt64(4),
                        Comment = reader.IsDBNull(5) ? null : reader.GetString(5),
                        Columns = columns.TryGetValue(oid, out var c) ? c : [],
                        Indexes = indexes.TryGetValue(oid, out var i) ? i : [],
                    });
                }
            }

            return new SourceDatabase { Name = name, Schemas = schemas, KeysBySchema = keysBySchema, ServerVersion = version, Tables = tables };
        }
        finally
        {
            await ExecuteAsync(connection, "RESET search_path", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<Dictionary<uint, List<SourceColumn>>> ColumnsAsync(NpgsqlConnection connection, string[] schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<uint, List<SourceColumn>>();
        await using var command = new NpgsqlCommand(
            """
            SELECT a.attrelid, a.attname::text, a.attnum, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attgenerated::text,
                   a.attidentity::text <> '' OR pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) IS NOT NULL,
                   pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum)
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE n.nspname = ANY($1) AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attrelid, a.attnum
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var list = ListOf(result, reader.GetFieldValue<uint>(0));
            var generated = reader.GetString(5) == "s";
            var expression = reader.IsDBNull(7) ? null : reader.GetString(7);
            list.Add(new SourceColumn
            {
                Name = reader.GetString(1),
                Ordinal = list.Count + 1,
                Type = MySqlType.Foreign(reader.GetString(3)),
                IsNullable = !reader.GetBoolean(4),
                GenerationExpression = generated ? expression : null,
                IsStoredGenerated = generated,
                // An identity column, or a column that owns a sequence (serial): cutover moves the target's sequence past the source's.
                IsAutoIncrement = reader.GetBoolean(6),
                Comment = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }

        return result;
    }

    /// <summary>The primary key and unique indexes on plain columns (what a chunk, an apply or a replica identity can key on).</summary>
    private static async Task<Dictionary<uint, List<SourceIndex>>> IndexesAsync(NpgsqlConnection connection, string[] schema, CancellationToken cancellationToken)
    {
        var result = new Dictionary<uint, List<SourceIndex>>();
        await using var command = new NpgsqlCommand(
            """
            SELECT i.indrelid, ic.relname::text, i.indisprimary,
                   ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)
              FROM pg_catalog.pg_index i
              JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY($1) AND c.relkind = 'r' AND i.indisunique AND i.indpred IS NULL AND NOT (0 = ANY (i.indkey::int2[]))
             ORDER BY i.indrelid, NOT i.indisprimary, ic.relname
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ListOf(result, reader.GetFieldValue<uint>(0)).Add(new SourceIndex
            {
                Name = reader.GetString(1),
                Kind = reader.GetBoolean(2) ? IndexKind.Primary : IndexKind.Unique,
                Parts = [.. reader.GetFieldValue<string[]>(3).Select(c => new SourceIndexPart { Column = c })],
            });
        }

        return result;
    }

    private static List<T> ListOf<T>(Dictionary<uint, List<T>> byTable, uint oid)
    {
        if (!byTable.TryGetValue(oid, out var list))
        {
            byTable[oid] = list = [];
        }

        return list;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
