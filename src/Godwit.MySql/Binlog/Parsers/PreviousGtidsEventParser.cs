using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Binlog.Gtids;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>MySQL PREVIOUS_GTIDS_LOG_EVENT (35): a GTID set in the binary encoding of COM_BINLOG_DUMP_GTID.</summary>
internal static class PreviousGtidsEventParser
{
    public static MySqlPreviousGtidsEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body)
    {
        var reader = new MySqlPayloadReader(body);
        return new MySqlPreviousGtidsEvent(header, MySqlGtidSet.Decode(ref reader));
    }
}
