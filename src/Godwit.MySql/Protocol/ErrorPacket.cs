using System.Text;

namespace Godwit.MySql.Protocol;

/// <summary>ERR_Packet: 0xFF, int&lt;2&gt; error code, then '#' and a 5-character SQLSTATE under CLIENT_PROTOCOL_41, then the message.</summary>
internal static class ErrorPacket
{
    public static MySqlException Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new MySqlPayloadReader(payload);
        reader.ReadByte();
        var code = reader.ReadUInt16();
        var sqlState = "HY000";
        // Errors sent before capabilities are agreed (e.g. "Too many connections") have no SQLSTATE marker.
        if (reader.Remaining >= 6 && reader.PeekByte() == (byte)'#')
        {
            reader.Skip(1);
            sqlState = Encoding.ASCII.GetString(reader.ReadBytes(5));
        }

        var message = Encoding.UTF8.GetString(reader.ReadToEnd());
        return new MySqlException(code, sqlState, message);
    }
}
