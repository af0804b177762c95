using System.Buffers.Binary;
using System.Globalization;

namespace Godwit.MySql.Binlog;

/// <summary>Reads the 19-byte event header from the start of an event's bytes.</summary>
internal static class BinlogEventHeaderReader
{
    public static BinlogEventHeader Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < BinlogEventHeader.Size)
        {
            throw BinlogErrors.Malformed(
                string.Create(CultureInfo.InvariantCulture, $"an event of {bytes.Length} bytes is shorter than the {BinlogEventHeader.Size}-byte header"));
        }

        var header = new BinlogEventHeader(
            Timestamp: BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            Type: (BinlogEventType)bytes[4],
            ServerId: BinaryPrimitives.ReadUInt32LittleEndian(bytes[5..]),
            EventLength: BinaryPrimitives.ReadUInt32LittleEndian(bytes[9..]),
            NextPosition: BinaryPrimitives.ReadUInt32LittleEndian(bytes[13..]),
            Flags: BinaryPrimitives.ReadUInt16LittleEndian(bytes[17..]));

        // The length field must agree with what the packet carried: a mismatch means we lost framing,
        // and guessing would misparse everything after it.
        if (header.EventLength != bytes.Length)
        {
            throw BinlogErrors.Malformed(
                string.Create(CultureInfo.InvariantCulture, $"the header of a {header.Type} event says {header.EventLength} bytes but the packet carried {bytes.Length}"));
        }

        return header;
    }
}
