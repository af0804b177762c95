using System.Buffers.Binary;
using Godwit.MySql.Binlog.Events;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>XID_EVENT (16): the transaction's XA id&lt;8&gt;.</summary>
internal static class XidEventParser
{
    public static XidEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body) =>
        body.Length >= 8
            ? new XidEvent(header, BinaryPrimitives.ReadUInt64LittleEndian(body))
            : throw BinlogErrors.Malformed("an XID event shorter than 8 bytes");
}
