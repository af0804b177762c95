using System.Buffers.Binary;

namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// DECIMAL(p,s) in MySQL's binary form (strings/decimal.cc, decimal2bin): the integer and fraction
/// digits in groups of nine per 4 big-endian bytes, a shorter leading (integer) or trailing
/// (fraction) group for the remainder digits; the first byte's top bit is flipped so the bytes
/// sort, and a negative number has every byte inverted. Rendered as the server prints it: no
/// leading zeros ("0" when the integer part is zero), exactly s fraction digits.
/// </summary>
internal static class DecimalBinlogDecoder
{
    private const int DigitsPerGroup = 9;
    private static readonly int[] BytesForDigits = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

    public static int Size(int precision, int scale)
    {
        var integer = precision - scale;
        return ((integer / DigitsPerGroup) * 4) + BytesForDigits[integer % DigitsPerGroup]
            + ((scale / DigitsPerGroup) * 4) + BytesForDigits[scale % DigitsPerGroup];
    }

    public static int Decode(ReadOnlySpan<byte> data, int precision, int scale, BinlogTextBuffer output)
    {
        var size = Size(precision, scale);
        Span<byte> bytes = stackalloc byte[size];
        data[..size].CopyTo(bytes);
        var positive = (bytes[0] & 0x80) != 0;
        bytes[0] ^= 0x80;
        if (!positive)
        {
            for (var i = 0; i < size; i++)
            {
                bytes[i] = (byte)~bytes[i];
            }

            output.Write((byte)'-');
        }

        var integerDigits = precision - scale;
        var leadingDigits = integerDigits % DigitsPerGroup;
        var offset = 0;
        var wroteInteger = false;
        if (leadingDigits > 0)
        {
            var group = ReadGroup(bytes, ref offset, BytesForDigits[leadingDigits]);
            if (group != 0)
            {
                output.WriteUInt64(group);
                wroteInteger = true;
            }
        }

        for (var i = 0; i < integerDigits / DigitsPerGroup; i++)
        {
            var group = ReadGroup(bytes, ref offset, 4);
            if (wroteInteger)
            {
                output.WritePadded(group, DigitsPerGroup);
            }
            else if (group != 0)
            {
                output.WriteUInt64(group);
                wroteInteger = true;
            }
        }

        if (!wroteInteger)
        {
            output.Write((byte)'0');
        }

        if (scale > 0)
        {
            output.Write((byte)'.');
            for (var i = 0; i < scale / DigitsPerGroup; i++)
            {
                output.WritePadded(ReadGroup(bytes, ref offset, 4), DigitsPerGroup);
            }

            var trailingDigits = scale % DigitsPerGroup;
            if (trailingDigits > 0)
            {
                output.WritePadded(ReadGroup(bytes, ref offset, BytesForDigits[trailingDigits]), trailingDigits);
            }
        }

        return size;
    }

    private static uint ReadGroup(ReadOnlySpan<byte> bytes, ref int offset, int length)
    {
        uint value = 0;
        for (var i = 0; i < length; i++)
        {
            value = (value << 8) | bytes[offset + i];
        }

        offset += length;
        return value;
    }
}
