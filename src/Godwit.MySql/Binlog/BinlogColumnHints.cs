namespace Godwit.MySql.Binlog;

/// <summary>
/// Column hints by database, table and column name (see <see cref="BinlogColumnHint"/>). Names
/// come from TABLE_MAP's full metadata (binlog_row_metadata=FULL), so hints need it; names are
/// compared case-insensitively, as MySQL compares column names. Fill it before streaming; lookups
/// happen once per new table map, not per row.
/// </summary>
public sealed class BinlogColumnHints
{
    private readonly Dictionary<(string Database, string Table, string Column), BinlogColumnHint> _hints = new(BinlogColumnKeyComparer.Instance);

    public int Count => _hints.Count;

    public void Set(string database, string table, string column, BinlogColumnHint hint)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        _hints[(database, table, column)] = hint;
    }

    public BinlogColumnHint Get(string database, string table, string? column) =>
        column is not null && _hints.TryGetValue((database, table, column), out var hint) ? hint : BinlogColumnHint.None;
}
