using Godwit.Core.Providers.Changes;
using Godwit.MySql.Binlog;

namespace Godwit.Providers.MySql.Streaming;

/// <summary>
/// The <see cref="ChangeTable"/> of each TABLE_MAP, made once per map: the binlog repeats a table's map in every
/// transaction, and the engine caches its apply per <see cref="ChangeTable"/> instance.
/// </summary>
public sealed class BinlogChangeTables
{
    private readonly Dictionary<ulong, (BinlogTableMap Map, ChangeTable Table)> _tables = [];

    public ChangeTable For(BinlogTableMap map)
    {
        if (_tables.TryGetValue(map.TableId, out var known) && (ReferenceEquals(known.Map, map) || Same(known.Map, map)))
        {
            return known.Table;
        }

        var table = new ChangeTable
        {
            Id = map.TableId,
            Schema = map.Database,
            Name = map.Table,
            Columns = [.. map.Columns.Select(c => new LoggedColumn(c.Name, c.Ordinal, BinlogSourceType.Of(c), c.IsNullable))],
            PrimaryKey = map.PrimaryKey,
            HasColumnMetadata = map.HasOptionalMetadata,
        };
        _tables[map.TableId] = (map, table);
        return table;
    }

    /// <summary>
    /// Whether a map of a known table id is the same table: the server gives a changed table a new id, so the id and
    /// the name decide (the map object itself is new in every transaction).
    /// </summary>
    private static bool Same(BinlogTableMap a, BinlogTableMap b) =>
        string.Equals(a.Database, b.Database, StringComparison.Ordinal) && string.Equals(a.Table, b.Table, StringComparison.Ordinal);
}
