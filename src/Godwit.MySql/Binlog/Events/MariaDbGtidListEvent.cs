using Godwit.MySql.Binlog.Gtids;

namespace Godwit.MySql.Binlog.Events;

/// <summary>MariaDB GTID_LIST_EVENT (163): at the start of each binlog file, the GTID state before it.</summary>
public sealed class MariaDbGtidListEvent : BinlogEvent
{
    internal MariaDbGtidListEvent(BinlogEventHeader header, IReadOnlyList<MariaDbGtid> gtids, byte flags)
        : base(header)
    {
        Gtids = gtids;
        Flags = flags;
    }

    public IReadOnlyList<MariaDbGtid> Gtids { get; }

    public byte Flags { get; }
}
