using System.Text;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>MariaDB BINLOG_CHECKPOINT_EVENT (161): file name length&lt;4&gt;, then the file name.</summary>
internal static class BinlogCheckpointEventParser
{
    public static BinlogCheckpointEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body)
    {
        var reader = new MySqlPayloadReader(body);
        var length = checked((int)reader.ReadUInt32());
        return new BinlogCheckpointEvent(header, Encoding.UTF8.GetString(reader.ReadBytes(length)));
    }
}
