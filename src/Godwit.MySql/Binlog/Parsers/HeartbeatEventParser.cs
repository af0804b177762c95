using System.Text;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>
/// HEARTBEAT_LOG_EVENT (27): the current binlog file name fills the body and the header's
/// next position is the source's current position. MySQL 8.0.26's HEARTBEAT_LOG_EVENT_V2 (41)
/// carries both as fields: type&lt;1&gt;, length&lt;packed&gt;, value (0 = file name, 1 = position as a
/// packed integer), because a 4-byte header position overflows past 4 GiB.
/// </summary>
internal static class HeartbeatEventParser
{
    private const byte FileNameField = 0;
    private const byte PositionField = 1;

    public static HeartbeatEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body, DateTimeOffset receivedAt)
    {
        if (header.Type != BinlogEventType.MySqlHeartbeatV2)
        {
            return new HeartbeatEvent(header, Encoding.UTF8.GetString(body), header.NextPosition, receivedAt);
        }

        var reader = new MySqlPayloadReader(body);
        var file = string.Empty;
        long position = header.NextPosition;
        while (reader.Remaining >= 2)
        {
            var type = reader.ReadByte();
            var value = reader.ReadLengthEncodedBytes();
            if (type == FileNameField)
            {
                file = Encoding.UTF8.GetString(value);
            }
            else if (type == PositionField)
            {
                var field = new MySqlPayloadReader(value);
                position = (long)field.ReadLengthEncodedInteger();
            }
        }

        return new HeartbeatEvent(header, file, position, receivedAt);
    }
}
