using Godwit.Core.Copy;
using Godwit.Core.Tenants;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Tenants;

/// <summary>MySQL/MariaDB as a tenant move's target: the tenant's row counts and key collisions, values as parameters.</summary>
public sealed class MySqlTenantTarget(MySqlConnectionSettings settings) : ITenantTarget
{
    public async Task<long?> CountAsync(string schema, string table, RowFilter? filter, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(settings with { Database = null }, cancellationToken);
        if (!await ExistsAsync(connection, schema, table, cancellationToken))
        {
            return null;
        }

        var values = new List<string>();
        var where = filter is null ? string.Empty : " WHERE " + TenantConditionSql.Build(filter, schema, Ident, _ => "?", c => c, values);
        await using var statement = await connection.PrepareAsync($"SELECT COUNT(*) FROM {Ident(schema)}.{Ident(table)}{where}", cancellationToken);
        await using var reader = await statement.QueryAsync([.. values], cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
    }

    public async Task<IReadOnlyList<string>> PresentKeysAsync(
        string schema, string table, IReadOnlyList<string> columns, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(keys);
        await using var connection = await MySqlConnection.OpenAsync(settings with { Database = null }, cancellationToken);
        if (keys.Count == 0 || !await ExistsAsync(connection, schema, table, cancellationToken))
        {
            return [];
        }

        var present = new List<string>();
        var list = string.Join(", ", columns.Select(c => $"CAST({Ident(c)} AS CHAR)"));
        var tuple = string.Join(", ", columns.Select(Ident));
        foreach (var batch in keys.Chunk(500))
        {
            var placeholders = string.Join(", ", batch.Select(_ => "(" + string.Join(", ", columns.Select(_ => "?")) + ")"));
            await using var statement = await connection.PrepareAsync($"SELECT {list} FROM {Ident(schema)}.{Ident(table)} WHERE ({tuple}) IN ({placeholders})", cancellationToken);
            var parameters = batch.SelectMany(k => TenantKeys.Split(k)).Cast<object?>().ToList();
            await using var reader = await statement.QueryAsync(parameters, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                present.Add(TenantChangeFilter.JoinKey(Enumerable.Range(0, columns.Count).Select(reader.GetString)));
            }
        }

        return present;
    }

    public async Task<IReadOnlyList<string>> KeysAsync(string schema, string table, IReadOnlyList<string> columns, RowFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        await using var connection = await MySqlConnection.OpenAsync(settings with { Database = null }, cancellationToken);
        if (!await ExistsAsync(connection, schema, table, cancellationToken))
        {
            return [];
        }

        var values = new List<string>();
        var where = TenantConditionSql.Build(filter, schema, Ident, _ => "?", c => c, values);
        var list = string.Join(", ", columns.Select(c => $"CAST({Ident(c)} AS CHAR)"));
        await using var statement = await connection.PrepareAsync($"SELECT {list} FROM {Ident(schema)}.{Ident(table)} WHERE {where}", cancellationToken);
        await using var reader = await statement.QueryAsync([.. values], cancellationToken);
        var keys = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!Enumerable.Range(0, columns.Count).Any(reader.IsDBNull))
            {
                keys.Add(TenantChangeFilter.JoinKey(Enumerable.Range(0, columns.Count).Select(reader.GetString)));
            }
        }

        return keys;
    }

    public async Task<long?> NextIdAsync(string schema, string table, string column, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(settings with { Database = null }, cancellationToken);
        await using var statement = await connection.PrepareAsync(
            """
            SELECT CAST(COALESCE(t.AUTO_INCREMENT, 1) AS CHAR) FROM information_schema.TABLES t
              JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
             WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ? AND c.COLUMN_NAME = ? AND c.EXTRA LIKE '%auto_increment%'
            """,
            cancellationToken);
        string? counter;
        await using (var reader = await statement.QueryAsync([schema, table, column], cancellationToken))
        {
            counter = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null;
        }

        if (counter is null)
        {
            return null;
        }

        var max = await connection.ScalarAsync<string?>($"SELECT CAST(MAX({Ident(column)}) AS CHAR) FROM {Ident(schema)}.{Ident(table)}", cancellationToken);
        return max is null ? null : Math.Max(long.Parse(counter, System.Globalization.CultureInfo.InvariantCulture), long.Parse(max, System.Globalization.CultureInfo.InvariantCulture) + 1);
    }

    private static async Task<bool> ExistsAsync(MySqlConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", cancellationToken);
        await using var reader = await statement.QueryAsync([schema, table], cancellationToken);
        return await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) > 0;
    }

    private static string Ident(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
}
