using Godwit.Core.Ddl;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// What a stream from a PostgreSQL source needs there before the copy's snapshot: every table able to log its old
/// rows (a replica identity), the publication of exactly the migrated tables, and the permanent slot. The publication
/// comes first: the slot decodes with the catalog as it was at each change, and a publication made after the start
/// point does not exist yet for the changes before it.
/// </summary>
internal static class PgStreamSetup
{
    /// <summary>
    /// Tables that cannot publish UPDATE and DELETE: no primary key and the default replica identity, or identity NOTHING.
    /// Joining a publication, they would make the source application's own UPDATE and DELETE fail.
    /// </summary>
    public static async Task<IReadOnlyList<PgTableName>> WithoutIdentityAsync(NpgsqlConnection connection, IReadOnlyCollection<PgTableName> tables, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT n.nspname::text, c.relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND c.relkind = 'r'
               AND (c.relreplident = 'n' OR (c.relreplident = 'd' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)))
             ORDER BY 1, 2
            """,
            connection);
        var (schemas, names) = PgTableName.Arrays(tables);
        command.Parameters.Add(new NpgsqlParameter { Value = schemas });
        command.Parameters.Add(new NpgsqlParameter { Value = names });
        var result = new List<PgTableName>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new PgTableName(reader.GetString(0), reader.GetString(1)));
        }

        return result;
    }

    /// <summary>
    /// Creates the publication of <paramref name="tables"/> (and of the DDL log, when there is one), or sets an
    /// existing one to exactly them. A partitioned table whose every partition is migrated is listed by its root, so a
    /// partition attached later is published from its first row on instead of being missing from a list of
    /// partitions. Each partition still publishes its changes as itself (<c>publish_via_partition_root</c> stays
    /// off): with it on, pgoutput leaves out a TRUNCATE of a single partition, and the target would keep its rows.
    /// </summary>
    /// <param name="everySchema">
    /// The migration moves every non-system schema: the publication says so in its comment
    /// (<see cref="PgDdlTrigger.EverySchemaComment"/>), and the DDL trigger adds a table of a schema made later to it.
    /// </param>
    public static async Task EnsurePublicationAsync(
        NpgsqlConnection connection, string publication, IReadOnlyCollection<PgTableName> tables, bool everySchema, CancellationToken cancellationToken)
    {
        var published = await PublishedAsync(connection, tables, cancellationToken).ConfigureAwait(false);
        var list = string.Join(", ", published.OrderBy(t => t.Schema, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Qualified));

        // The source records its DDL (PgDdlTrigger): the stream reads it as rows of that table.
        if (await PgDdlTrigger.ExistsAsync(connection, null, cancellationToken).ConfigureAwait(false))
        {
            list += ", " + PgDdlTrigger.QualifiedTable;
        }

        var sql = !await PublicationExistsAsync(connection, publication, cancellationToken).ConfigureAwait(false)
            ? $"CREATE PUBLICATION {PgIdentifier.Quote(publication)} FOR TABLE {list}"
            : $"ALTER PUBLICATION {PgIdentifier.Quote(publication)} SET TABLE {list}";
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var comment = new NpgsqlCommand(
            $"COMMENT ON PUBLICATION {PgIdentifier.Quote(publication)} IS {(everySchema ? "'" + PgDdlTrigger.EverySchemaComment + "'" : "NULL")}", connection);
        await comment.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the publication lists: <paramref name="tables"/>, with the partitions of a partitioned table (of the same
    /// schema) replaced by its root when every one of them is migrated and the root has a primary key. Every partition
    /// attached later then has that key too (PostgreSQL requires it), so it can log its old rows: a partition without
    /// one would make the application's own UPDATE and DELETE on it fail once it is published. Any other partitioned
    /// table keeps its migrated partitions listed.
    /// </summary>
    private static async Task<IReadOnlyCollection<PgTableName>> PublishedAsync(NpgsqlConnection connection, IReadOnlyCollection<PgTableName> tables, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT n.nspname::text, c.relname::text, r.relname::text
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_class r ON r.oid = pg_catalog.pg_partition_root(c.oid)
             WHERE n.nspname = ANY($1) AND c.relispartition AND c.relkind = 'r' AND r.relnamespace = n.oid
               AND EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = r.oid AND i.indisprimary)
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tables.Select(t => t.Schema).Distinct(StringComparer.Ordinal).ToArray() });
        var rootOf = new Dictionary<PgTableName, PgTableName>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var schema = reader.GetString(0);
                rootOf[new PgTableName(schema, reader.GetString(1))] = new PgTableName(schema, reader.GetString(2));
            }
        }

        var migrated = tables.ToHashSet();
        var whole = rootOf.GroupBy(p => p.Value, p => p.Key)
            .Where(g => g.All(migrated.Contains))
            .Select(g => g.Key)
            .ToHashSet();
        return [.. tables.Where(t => !(rootOf.TryGetValue(t, out var root) && whole.Contains(root))).Concat(whole)];
    }

    /// <summary>Whether the publication exists.</summary>
    public static async Task<bool> PublicationExistsAsync(NpgsqlConnection connection, string publication, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = publication });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }
}
