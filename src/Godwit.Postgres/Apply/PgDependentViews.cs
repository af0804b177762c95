using Godwit.Core.Ddl;
using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// The views (plain and materialized, nested ones too) that depend on some tables, taken down before a DDL step and
/// made again after it. PostgreSQL refuses to change the type of a column a view uses or to drop it ("cannot alter
/// type of a column used by a view or rule"), and its views follow a renamed table by identity where MySQL's follow
/// the name: after gh-ost's or pt-online-schema-change's <c>RENAME TABLE t TO _t_old, _t_new TO t</c> the source's
/// views read the new <c>t</c>, so the target's must be made again too. Each view is made again from the source's
/// definition as the schema translation gives it now when there is one, else from its own definition as PostgreSQL
/// kept it. A view that cannot be made again (its column is gone: MySQL keeps such a view, invalid, PostgreSQL
/// cannot) is left out and reported.
/// </summary>
public sealed class PgDependentViews
{
    private readonly List<PgDependentView> _views;

    private PgDependentViews(List<PgDependentView> views) => _views = views;

    /// <summary>Qualified names of the views, the ones other views depend on first.</summary>
    public IEnumerable<string> Names => _views.Select(v => v.QualifiedName);

    /// <summary>Reads the views depending on <paramref name="qualifiedTables"/> (tables that do not exist are passed over).</summary>
    public static async Task<PgDependentViews> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<string> qualifiedTables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(qualifiedTables);
        var views = new List<PgDependentView>();
        if (qualifiedTables.Count == 0)
        {
            return new PgDependentViews(views);
        }

        // A view depends on a relation through its _RETURN rule (pg_rewrite); views on views are followed to any depth.
        await using var cmd = new NpgsqlCommand(
            """
            WITH RECURSIVE base AS (
                SELECT to_regclass(t) AS oid FROM unnest($1::text[]) AS t
            ), dep(oid, depth) AS (
                SELECT r.ev_class, 1
                  FROM base JOIN pg_depend d ON d.refobjid = base.oid AND d.refclassid = 'pg_class'::regclass AND d.classid = 'pg_rewrite'::regclass
                  JOIN pg_rewrite r ON r.oid = d.objid
                 WHERE r.ev_class <> base.oid
                UNION
                SELECT r.ev_class, dep.depth + 1
                  FROM dep JOIN pg_depend d ON d.refobjid = dep.oid AND d.refclassid = 'pg_class'::regclass AND d.classid = 'pg_rewrite'::regclass
                  JOIN pg_rewrite r ON r.oid = d.objid
                 WHERE r.ev_class <> dep.oid AND dep.depth < 64
            )
            SELECT n.nspname::text, c.relname::text, c.relkind::text, pg_get_viewdef(c.oid), c.reloptions::text[], obj_description(c.oid, 'pg_class'), max(dep.depth)
              FROM dep JOIN pg_class c ON c.oid = dep.oid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('v', 'm')
             GROUP BY 1, 2, 3, 4, 5, 6
             ORDER BY max(dep.depth), 1, 2
            """, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter { Value = qualifiedTables.ToArray() });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            views.Add(new PgDependentView(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2) == "m",
                reader.GetString(3),
                reader.IsDBNull(4) ? [] : reader.GetFieldValue<string[]>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return new PgDependentViews(views);
    }

    /// <summary>Drops the views, the ones depending on others first.</summary>
    public async Task DropAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        for (var i = _views.Count - 1; i >= 0; i--)
        {
            var view = _views[i];
            await using var cmd = new NpgsqlCommand($"DROP {(view.Materialized ? "MATERIALIZED VIEW" : "VIEW")} IF EXISTS {view.QualifiedName}", connection, transaction);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes the views again, each in a savepoint of its own: from <paramref name="translated"/> (the source's view
    /// as the schema translation gives it now, by qualified name) when it has the view, else as it was.
    /// </summary>
    /// <returns>What could not be made again, one line per view.</returns>
    public async Task<IReadOnlyList<string>> RecreateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyDictionary<string, string> translated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(translated);
        var failures = new List<string>();
        foreach (var view in _views)
        {
            var statements = new List<string>
            {
                translated.GetValueOrDefault(view.QualifiedName) ?? view.CreateStatement,
            };
            if (view.Comment is { } comment)
            {
                statements.Add($"COMMENT ON {(view.Materialized ? "MATERIALIZED VIEW" : "VIEW")} {view.QualifiedName} IS '{comment.Replace("'", "''", StringComparison.Ordinal)}'");
            }

            await transaction.SaveAsync("godwit_view", cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var sql in statements)
                {
                    await using var cmd = new NpgsqlCommand(sql, connection, transaction);
                    await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.ReleaseAsync("godwit_view", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                await transaction.RollbackAsync("godwit_view", cancellationToken).ConfigureAwait(false);
                failures.Add($"{view.QualifiedName}: {ex.SqlState}: {ex.MessageText}");
            }
        }

        return failures;
    }
}
