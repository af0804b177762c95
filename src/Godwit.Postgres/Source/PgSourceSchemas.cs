using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// The schemas of a PostgreSQL source that one migration moves, each to the schema of the same name on the target:
/// those the URI names (<c>?schema=sales,billing</c>), or else every non-system schema of the database. One named
/// schema keeps the name of the migration and its tables' bare names (<c>orders</c>); several (or all) go by the
/// database's name, with each table known by schema and name (<c>sales.orders</c>), because two schemas may each have
/// an <c>orders</c>; <c>?migration=NAME</c> names such a migration instead (the reverse stream reads the target under
/// the forward migration's name). The naming follows from the URI alone, so every command of one migration agrees on it.
/// </summary>
internal sealed class PgSourceSchemas
{
    /// <summary>
    /// Never moved: the catalogs, godwit's own state and control schemas, and schemas an extension made (the
    /// extension makes them again on the target, as <c>pg_dump --schema</c> leaves them out too).
    /// </summary>
    private const string NonSystemSql =
        """
        SELECT n.nspname::text FROM pg_catalog.pg_namespace n
         WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' AND n.nspname NOT IN ('godwit', 'godwit_cluster')
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                            WHERE d.classid = 'pg_catalog.pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
         ORDER BY 1
        """;

    private readonly IReadOnlyList<string>? _named;

    public PgSourceSchemas(string? option, string database, string? migration = null)
    {
        _named = option is null
            ? null
            : [.. option.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
        if (_named is { Count: 0 })
        {
            throw new ArgumentException($"?schema={option}: name at least one schema, or leave the option out for every non-system schema", nameof(option));
        }

        Label = _named is [var one] ? one : migration ?? database;
    }

    /// <summary>The migration's name: the one schema named, or the database's.</summary>
    public string Label { get; }

    /// <summary>Whether tables are known by schema and name (more than one schema, or every one).</summary>
    public bool KeysBySchema => _named is not [_];

    /// <summary>Whether the URI names no schema: the migration moves every non-system schema, one made later too.</summary>
    public bool EverySchema => _named is null;

    /// <summary>The schema the URI named when it named exactly one; null otherwise.</summary>
    public string? Single => _named is [var one] ? one : null;

    /// <summary>The schemas named, or every non-system schema of the database now.</summary>
    public async Task<IReadOnlyList<string>> ResolveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_named is not null)
        {
            return _named;
        }

        var schemas = new List<string>();
        await using var command = new NpgsqlCommand(NonSystemSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            schemas.Add(reader.GetString(0));
        }

        return schemas;
    }
}
