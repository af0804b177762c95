using System.Text;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>ROTATE_EVENT (4): position&lt;8&gt; in the next file, then the file name to the end of the body.</summary>
internal static class RotateEventParser
{
    public static RotateEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body)
    {
        var reader = new MySqlPayloadReader(body);
        var position = (long)reader.ReadUInt64();
        var file = Encoding.UTF8.GetString(reader.ReadToEnd());
        return new RotateEvent(header, file, position);
    }
}
