namespace Godwit.MySql.Binlog.Events;

/// <summary>TABLE_MAP_EVENT: describes a table before the rows events that change it.</summary>
public sealed class TableMapEvent : BinlogEvent
{
    internal TableMapEvent(BinlogEventHeader header, BinlogTableMap table)
        : base(header) => Table = table;

    public BinlogTableMap Table { get; }
}
