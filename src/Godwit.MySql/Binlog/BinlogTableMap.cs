namespace Godwit.MySql.Binlog;

/// <summary>A table as TABLE_MAP describes it; rows events refer to it by <see cref="TableId"/>.</summary>
public sealed class BinlogTableMap
{
    internal BinlogTableMap(ulong tableId, string database, string table, BinlogColumn[] columns, int[] primaryKey, bool hasOptionalMetadata)
    {
        TableId = tableId;
        Database = database;
        Table = table;
        Columns = columns;
        PrimaryKey = primaryKey;
        HasOptionalMetadata = hasOptionalMetadata;
    }

    /// <summary>The server's in-memory table id; it changes when the table is reopened (e.g. after ALTER).</summary>
    public ulong TableId { get; }

    public string Database { get; }

    public string Table { get; }

    public IReadOnlyList<BinlogColumn> Columns { get; }

    /// <summary>Primary key column ordinals (SIMPLE_PRIMARY_KEY / PRIMARY_KEY_WITH_PREFIX); empty when not sent.</summary>
    public IReadOnlyList<int> PrimaryKey { get; }

    /// <summary>Whether the optional metadata block was present (binlog_row_metadata=MINIMAL or FULL).</summary>
    public bool HasOptionalMetadata { get; }

    public override string ToString() => $"`{Database}`.`{Table}` (table id {TableId})";
}
