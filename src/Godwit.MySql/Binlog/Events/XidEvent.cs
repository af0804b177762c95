namespace Godwit.MySql.Binlog.Events;

/// <summary>XID_EVENT: commits a transaction of a transactional engine (InnoDB). A safe checkpoint follows it.</summary>
public sealed class XidEvent : BinlogEvent
{
    internal XidEvent(BinlogEventHeader header, ulong xid)
        : base(header) => Xid = xid;

    public ulong Xid { get; }
}
