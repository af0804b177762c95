using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>
/// The target database's tables and columns as they are, read when a stream starts: names resolved regardless of case
/// (a PostgreSQL source's names were folded to lower case on the way there; MySQL's table names on Linux keep theirs),
/// and each column's type, which decides how a value from another engine is written.
/// </summary>
internal sealed class MySqlTargetCatalog
{
    private readonly Dictionary<string, (string Name, Dictionary<string, MySqlTargetColumn> Columns)> _tables;

    private MySqlTargetCatalog(Dictionary<string, (string, Dictionary<string, MySqlTargetColumn>)> tables)
    {
        _tables = tables;
    }

    public static async Task<MySqlTargetCatalog> ReadAsync(MySqlConnection connection, string database, CancellationToken cancellationToken)
    {
        var tables = new Dictionary<string, (string, Dictionary<string, MySqlTargetColumn>)>(StringComparer.OrdinalIgnoreCase);
        await using var statement = await connection.PrepareAsync(
            "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION", cancellationToken);
        await using var reader = await statement.QueryAsync([database], cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = reader.GetString(0);
            if (!tables.TryGetValue(table, out var entry))
            {
                entry = (table, new Dictionary<string, MySqlTargetColumn>(StringComparer.OrdinalIgnoreCase));
                tables[table] = entry;
            }

            var extra = reader.IsDBNull(3) ? string.Empty : reader.GetString(3);
            entry.Item2[reader.GetString(1)] = new MySqlTargetColumn(
                reader.GetString(1), reader.GetString(2).ToLowerInvariant(), extra.Contains("GENERATED", StringComparison.OrdinalIgnoreCase));
        }

        return new MySqlTargetCatalog(tables);
    }

    /// <summary>The table's name as the target has it, and its columns; null when the target has no such table.</summary>
    public (string Name, IReadOnlyDictionary<string, MySqlTargetColumn> Columns)? Table(string name) =>
        _tables.TryGetValue(name, out var t) ? (t.Name, t.Columns) : null;
}
