using Godwit.MySql.Binlog.Gtids;

namespace Godwit.MySql.Binlog.Events;

/// <summary>MySQL PREVIOUS_GTIDS_LOG_EVENT (35): at the start of each binlog file, the GTIDs of all earlier files.</summary>
public sealed class MySqlPreviousGtidsEvent : BinlogEvent
{
    internal MySqlPreviousGtidsEvent(BinlogEventHeader header, MySqlGtidSet gtids)
        : base(header) => Gtids = gtids;

    public MySqlGtidSet Gtids { get; }
}
