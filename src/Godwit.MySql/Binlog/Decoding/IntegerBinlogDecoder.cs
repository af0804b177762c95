using System.Buffers.Binary;

namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// TINYINT, SMALLINT, MEDIUMINT, INT and BIGINT: 1, 2, 3, 4 or 8 little-endian bytes, rendered as
/// decimal text. The binlog stores only the bits; UNSIGNED comes from the SIGNEDNESS metadata (without
/// it a value above the signed maximum would print negative — full metadata avoids that).
/// </summary>
internal static class IntegerBinlogDecoder
{
    public static int Decode(ReadOnlySpan<byte> data, int size, bool isUnsigned, BinlogTextBuffer output)
    {
        var raw = size switch
        {
            1 => data[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(data),
            3 => (ulong)(data[0] | (data[1] << 8) | (data[2] << 16)),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(data),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(data),
        };

        if (isUnsigned)
        {
            output.WriteUInt64(raw);
        }
        else
        {
            // Sign-extend from the stored width.
            var shift = 64 - (size * 8);
            output.WriteInt64((long)(raw << shift) >> shift);
        }

        return size;
    }
}
