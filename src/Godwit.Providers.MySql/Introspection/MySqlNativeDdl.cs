using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Introspection;

/// <summary>
/// The source's own statements for its tables, views and routines (<c>SHOW CREATE …</c>), which a MySQL target is
/// made from (<c>MySqlToMySqlMapper</c>): nothing is re-derived from the catalog, so every table option, index,
/// partitioning clause and collation arrives as the source prints it. Views come in dependency order.
/// </summary>
internal static class MySqlNativeDdl
{
    public static async Task<IReadOnlyList<DdlStatement>> ReadAsync(MySqlConnection connection, SourceDatabase database, CancellationToken cancellationToken)
    {
        var db = MySqlIdentifier.Quote(database.Name);
        var statements = new List<DdlStatement>();
        foreach (var table in database.Tables)
        {
            var sql = await ShowAsync(connection, $"SHOW CREATE TABLE {db}.{MySqlIdentifier.Quote(table.Name)}", 1, cancellationToken);
            if (sql is not null)
            {
                statements.Add(new DdlStatement(DdlPhase.PreData, DdlObjectKind.Table, table.Name, sql) { Table = table.Name });
            }
        }

        var views = new List<(string Name, string Sql)>();
        foreach (var view in database.Views)
        {
            if (await ShowAsync(connection, $"SHOW CREATE VIEW {db}.{MySqlIdentifier.Quote(view.Name)}", 1, cancellationToken) is { } sql)
            {
                views.Add((view.Name, sql));
            }
        }

        foreach (var (name, sql) in DependencyOrder(views))
        {
            statements.Add(new DdlStatement(DdlPhase.PostData, DdlObjectKind.View, name, sql) { Optional = true });
        }

        foreach (var routine in database.Routines)
        {
            var kind = string.Equals(routine.Kind, "FUNCTION", StringComparison.OrdinalIgnoreCase) ? "FUNCTION" : "PROCEDURE";

            // Column 2 is NULL when the account may not see the body (it needs SELECT on mysql.proc or to own it).
            if (await ShowAsync(connection, $"SHOW CREATE {kind} {db}.{MySqlIdentifier.Quote(routine.Name)}", 2, cancellationToken) is { } sql)
            {
                statements.Add(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Function, routine.Name, sql) { Optional = true });
            }
        }

        return statements;
    }

    /// <summary>Views that name another view come after it (names compared as the statement quotes them).</summary>
    private static IEnumerable<(string Name, string Sql)> DependencyOrder(List<(string Name, string Sql)> views)
    {
        var pending = views.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(v => pending.All(o => o.Name == v.Name || !v.Sql.Contains(MySqlIdentifier.Quote(o.Name), StringComparison.Ordinal)));
            if (next.Name is null)
            {
                next = pending[0];
            }

            pending.Remove(next);
            yield return next;
        }
    }

    private static async Task<string?> ShowAsync(MySqlConnection connection, string sql, int column, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await connection.QueryAsync(sql, cancellationToken);
            string? text = null;
            if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(column))
            {
                text = reader.GetString(column);
            }

            return text;
        }
        catch (MySqlException)
        {
            // An object the account may not inspect: the MySQL target's schema step names what is missing.
            return null;
        }
    }
}
