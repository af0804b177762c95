using System.Buffers.Binary;
using System.Buffers.Text;

namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// MySQL's binary JSON (sql/json_binary.h, WL#8132) to the text the server prints for a JSON
/// column: objects as {"k": v, …} and arrays as [v, …] with ", " and ": " separators, keys in
/// stored order (by length, then bytes), strings escaped, doubles like my_gcvt with ".0" added to
/// integral values, DECIMAL unquoted with its scale, DATE/TIME/DATETIME quoted with 6 fraction
/// digits, other opaque values as "base64:typeN:…". MariaDB stores JSON as LONGTEXT and never
/// reaches this decoder.
/// </summary>
internal static class JsonBinaryDecoder
{
    private const byte SmallObject = 0x00;
    private const byte LargeObject = 0x01;
    private const byte SmallArray = 0x02;
    private const byte LargeArray = 0x03;
    private const byte Literal = 0x04;
    private const byte Int16 = 0x05;
    private const byte UInt16 = 0x06;
    private const byte Int32 = 0x07;
    private const byte UInt32 = 0x08;
    private const byte Int64 = 0x09;
    private const byte UInt64 = 0x0A;
    private const byte Double = 0x0B;
    private const byte String = 0x0C;
    private const byte Opaque = 0x0F;
    private const int MaxDepth = 150;

    public static void Decode(ReadOnlySpan<byte> document, BinlogTextBuffer output)
    {
        if (document.IsEmpty)
        {
            // An empty document is how the server logs a JSON null set by some code paths.
            output.WriteAscii("null");
            return;
        }

        WriteValue(document[0], document[1..], output, 0);
    }

    private static void WriteValue(byte type, ReadOnlySpan<byte> data, BinlogTextBuffer output, int depth)
    {
        if (depth > MaxDepth)
        {
            throw BinlogErrors.Malformed("a binary JSON document nests deeper than the server allows");
        }

        switch (type)
        {
            case SmallObject or LargeObject:
                WriteContainer(data, type == LargeObject, isObject: true, output, depth);
                break;
            case SmallArray or LargeArray:
                WriteContainer(data, type == LargeArray, isObject: false, output, depth);
                break;
            case Literal:
                output.WriteAscii(data[0] switch { 0 => "null", 1 => "true", 2 => "false", _ => throw BinlogErrors.Malformed("an unknown JSON literal") });
                break;
            case Int16:
                output.WriteInt64(BinaryPrimitives.ReadInt16LittleEndian(data));
                break;
            case UInt16:
                output.WriteUInt64(BinaryPrimitives.ReadUInt16LittleEndian(data));
                break;
            case Int32:
                output.WriteInt64(BinaryPrimitives.ReadInt32LittleEndian(data));
                break;
            case UInt32:
                output.WriteUInt64(BinaryPrimitives.ReadUInt32LittleEndian(data));
                break;
            case Int64:
                output.WriteInt64(BinaryPrimitives.ReadInt64LittleEndian(data));
                break;
            case UInt64:
                output.WriteUInt64(BinaryPrimitives.ReadUInt64LittleEndian(data));
                break;
            case Double:
                WriteDouble(BinaryPrimitives.ReadDoubleLittleEndian(data), output);
                break;
            case String:
            {
                var length = ReadVariableLength(data, out var used);
                WriteString(data.Slice(used, length), output);
                break;
            }

            case Opaque:
                WriteOpaque(data, output);
                break;
            default:
                throw BinlogErrors.Malformed($"an unknown binary JSON type 0x{type:X2}");
        }
    }

    /// <summary>
    /// Object/array: count and byte size (2 bytes each in small, 4 in large containers), key entries
    /// (offset, 2-byte length) for objects, then value entries (type byte, and an offset relative to
    /// the container start — or the value itself for literals and integers that fit).
    /// </summary>
    private static void WriteContainer(ReadOnlySpan<byte> data, bool large, bool isObject, BinlogTextBuffer output, int depth)
    {
        var offsetSize = large ? 4 : 2;
        var count = ReadOffset(data, 0, large);
        var keyEntrySize = offsetSize + 2;
        var valueEntrySize = 1 + offsetSize;
        var keyEntries = 2 * offsetSize;
        var valueEntries = keyEntries + (isObject ? count * keyEntrySize : 0);

        output.Write(isObject ? (byte)'{' : (byte)'[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                output.Write((byte)',');
                output.Write((byte)' ');
            }

            if (isObject)
            {
                var keyEntry = keyEntries + (i * keyEntrySize);
                var keyOffset = ReadOffset(data, keyEntry, large);
                var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(data[(keyEntry + offsetSize)..]);
                WriteString(data.Slice(keyOffset, keyLength), output);
                output.Write((byte)':');
                output.Write((byte)' ');
            }

            var valueEntry = valueEntries + (i * valueEntrySize);
            var valueType = data[valueEntry];
            if (IsInlined(valueType, large))
            {
                WriteValue(valueType, data[(valueEntry + 1)..], output, depth + 1);
            }
            else
            {
                WriteValue(valueType, data[ReadOffset(data, valueEntry + 1, large)..], output, depth + 1);
            }
        }

        output.Write(isObject ? (byte)'}' : (byte)']');
    }

    private static bool IsInlined(byte type, bool large) =>
        type is Literal or Int16 or UInt16 || (large && type is Int32 or UInt32);

    private static int ReadOffset(ReadOnlySpan<byte> data, int position, bool large) =>
        large ? checked((int)BinaryPrimitives.ReadUInt32LittleEndian(data[position..])) : BinaryPrimitives.ReadUInt16LittleEndian(data[position..]);

    /// <summary>A length of 7 bits per byte, least significant group first; the high bit says another byte follows.</summary>
    private static int ReadVariableLength(ReadOnlySpan<byte> data, out int used)
    {
        var length = 0;
        for (var i = 0; i < 5; i++)
        {
            var b = data[i];
            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                used = i + 1;
                return length;
            }
        }

        throw BinlogErrors.Malformed("a binary JSON string length runs over 5 bytes");
    }

    /// <summary>JSON string escaping as the server does it: quote, backslash and control characters; other UTF-8 is kept.</summary>
    private static void WriteString(ReadOnlySpan<byte> utf8, BinlogTextBuffer output)
    {
        output.Write((byte)'"');
        foreach (var b in utf8)
        {
            switch (b)
            {
                case (byte)'"':
                    output.WriteAscii("\\\"");
                    break;
                case (byte)'\\':
                    output.WriteAscii("\\\\");
                    break;
                case (byte)'\b':
                    output.WriteAscii("\\b");
                    break;
                case (byte)'\f':
                    output.WriteAscii("\\f");
                    break;
                case (byte)'\n':
                    output.WriteAscii("\\n");
                    break;
                case (byte)'\r':
                    output.WriteAscii("\\r");
                    break;
                case (byte)'\t':
                    output.WriteAscii("\\t");
                    break;
                case < 0x20:
                    output.WriteAscii("\\u00");
                    output.Write((byte)"0123456789abcdef"[b >> 4]);
                    output.Write((byte)"0123456789abcdef"[b & 15]);
                    break;
                default:
                    output.Write(b);
                    break;
            }
        }

        output.Write((byte)'"');
    }

    private static void WriteDouble(double value, BinlogTextBuffer output)
    {
        var start = output.Length;
        FloatingPointBinlogDecoder.Format(value, output);
        // The server appends ".0" to an integral double so it reads back as a double, not an integer.
        var text = output.Slice(start, output.Length - start);
        if (text.IndexOfAnyExcept("-0123456789"u8) < 0)
        {
            output.WriteAscii(".0");
        }
    }

    /// <summary>Opaque: the MySQL field type, a variable length and the value in that type's own form.</summary>
    private static void WriteOpaque(ReadOnlySpan<byte> data, BinlogTextBuffer output)
    {
        var fieldType = (MySqlColumnType)data[0];
        var length = ReadVariableLength(data[1..], out var used);
        var value = data.Slice(1 + used, length);
        switch (fieldType)
        {
            case MySqlColumnType.NewDecimal:
                // precision, scale, then the DECIMAL binary form.
                DecimalBinlogDecoder.Decode(value[2..], value[0], value[1], output);
                break;
            case MySqlColumnType.Date or MySqlColumnType.NewDate:
                output.Write((byte)'"');
                WritePackedDateTime(BinaryPrimitives.ReadInt64LittleEndian(value), includeTime: false, output);
                output.Write((byte)'"');
                break;
            case MySqlColumnType.DateTime or MySqlColumnType.Timestamp or MySqlColumnType.DateTime2 or MySqlColumnType.Timestamp2:
                output.Write((byte)'"');
                WritePackedDateTime(BinaryPrimitives.ReadInt64LittleEndian(value), includeTime: true, output);
                output.Write((byte)'"');
                break;
            case MySqlColumnType.Time or MySqlColumnType.Time2:
                output.Write((byte)'"');
                WritePackedTime(BinaryPrimitives.ReadInt64LittleEndian(value), output);
                output.Write((byte)'"');
                break;
            default:
                output.WriteAscii("\"base64:type");
                output.WriteInt64((byte)fieldType);
                output.Write((byte)':');
                var span = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(value.Length));
                Base64.EncodeToUtf8(value, span, out _, out var written);
                output.Advance(written);
                output.Write((byte)'"');
                break;
        }
    }

    /// <summary>The in-memory packed datetime: ((ymd &lt;&lt; 17 | hms) &lt;&lt; 24) + microseconds (TIME_to_longlong_datetime_packed).</summary>
    private static void WritePackedDateTime(long packed, bool includeTime, BinlogTextBuffer output)
    {
        if (packed < 0)
        {
            packed = -packed;
        }

        var micros = packed & 0xFFFFFF;
        var integer = packed >> 24;
        var ymd = integer >> 17;
        var yearMonth = ymd >> 5;
        var hms = integer & 0x1FFFF;
        output.WritePadded(yearMonth / 13, 4);
        output.Write((byte)'-');
        output.WritePadded(yearMonth % 13, 2);
        output.Write((byte)'-');
        output.WritePadded(ymd & 31, 2);
        if (includeTime)
        {
            output.Write((byte)' ');
            WriteClock(hms >> 12, (hms >> 6) & 63, hms & 63, micros, output);
        }
    }

    private static void WritePackedTime(long packed, BinlogTextBuffer output)
    {
        if (packed < 0)
        {
            output.Write((byte)'-');
            packed = -packed;
        }

        var hms = packed >> 24;
        WriteClock((hms >> 12) & 0x3FF, (hms >> 6) & 63, hms & 63, packed & 0xFFFFFF, output);
    }

    private static void WriteClock(long hours, long minutes, long seconds, long micros, BinlogTextBuffer output)
    {
        output.WritePadded(hours, 2);
        output.Write((byte)':');
        output.WritePadded(minutes, 2);
        output.Write((byte)':');
        output.WritePadded(seconds, 2);
        output.Write((byte)'.');
        output.WritePadded(micros, 6);
    }
}
