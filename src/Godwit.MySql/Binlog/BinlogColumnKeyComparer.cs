namespace Godwit.MySql.Binlog;

/// <summary>Database and table names compared exactly, column names case-insensitively (as MySQL does on Linux).</summary>
internal sealed class BinlogColumnKeyComparer : IEqualityComparer<(string Database, string Table, string Column)>
{
    public static BinlogColumnKeyComparer Instance { get; } = new();

    public bool Equals((string Database, string Table, string Column) x, (string Database, string Table, string Column) y) =>
        string.Equals(x.Database, y.Database, StringComparison.Ordinal)
        && string.Equals(x.Table, y.Table, StringComparison.Ordinal)
        && string.Equals(x.Column, y.Column, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode((string Database, string Table, string Column) obj) =>
        HashCode.Combine(
            StringComparer.Ordinal.GetHashCode(obj.Database),
            StringComparer.Ordinal.GetHashCode(obj.Table),
            StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Column));
}
