using System.Globalization;
using System.Net;

namespace Godwit.MySql.Protocol;

/// <summary>
/// Encodes COM_STMT_EXECUTE parameter values in the binary protocol: a type per parameter (with
/// 0x80 in the second byte for unsigned), then each non-NULL value in that type's encoding.
/// </summary>
internal static class BinaryParameterWriter
{
    private const byte UnsignedFlag = 0x80;

    public static void WriteType(MySqlPayloadWriter writer, object? value)
    {
        var (type, unsigned) = value switch
        {
            null or DBNull => (MySqlColumnType.Null, false),
            bool => (MySqlColumnType.Tiny, false),
            sbyte => (MySqlColumnType.Tiny, false),
            byte => (MySqlColumnType.Tiny, true),
            short => (MySqlColumnType.Short, false),
            ushort => (MySqlColumnType.Short, true),
            int => (MySqlColumnType.Long, false),
            uint => (MySqlColumnType.Long, true),
            long => (MySqlColumnType.LongLong, false),
            ulong => (MySqlColumnType.LongLong, true),
            Enum e => (MySqlColumnType.LongLong, IsUnsignedEnum(e)),
            float => (MySqlColumnType.Float, false),
            double => (MySqlColumnType.Double, false),
            decimal => (MySqlColumnType.NewDecimal, false),
            byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte> => (MySqlColumnType.LongBlob, false),
            DateTime or MySqlDateTime or DateTimeOffset => (MySqlColumnType.DateTime, false),
            DateOnly => (MySqlColumnType.Date, false),
            TimeSpan or MySqlTime or TimeOnly => (MySqlColumnType.Time, false),
            string or char or Guid or IPAddress => (MySqlColumnType.VarString, false),
            _ => throw new NotSupportedException($"Parameters of type {value.GetType()} are not supported."),
        };
        writer.WriteByte((byte)type);
        writer.WriteByte(unsigned ? UnsignedFlag : (byte)0);
    }

    public static void WriteValue(MySqlPayloadWriter writer, object value)
    {
        switch (value)
        {
            case bool b:
                writer.WriteByte(b ? (byte)1 : (byte)0);
                break;
            case sbyte sb:
                writer.WriteByte(unchecked((byte)sb));
                break;
            case byte by:
                writer.WriteByte(by);
                break;
            case short s:
                writer.WriteUInt16(unchecked((ushort)s));
                break;
            case ushort us:
                writer.WriteUInt16(us);
                break;
            case int i:
                writer.WriteUInt32(unchecked((uint)i));
                break;
            case uint ui:
                writer.WriteUInt32(ui);
                break;
            case long l:
                writer.WriteUInt64(unchecked((ulong)l));
                break;
            case ulong ul:
                writer.WriteUInt64(ul);
                break;
            case Enum e:
                writer.WriteUInt64(IsUnsignedEnum(e)
                    ? Convert.ToUInt64(e, CultureInfo.InvariantCulture)
                    : unchecked((ulong)Convert.ToInt64(e, CultureInfo.InvariantCulture)));
                break;
            case float f:
                writer.WriteSingle(f);
                break;
            case double d:
                writer.WriteDouble(d);
                break;
            case decimal m:
                writer.WriteLengthEncodedString(m.ToString(CultureInfo.InvariantCulture));
                break;
            case byte[] bytes:
                writer.WriteLengthEncodedBytes(bytes);
                break;
            case ReadOnlyMemory<byte> rom:
                writer.WriteLengthEncodedBytes(rom.Span);
                break;
            case Memory<byte> mem:
                writer.WriteLengthEncodedBytes(mem.Span);
                break;
            case ArraySegment<byte> segment:
                writer.WriteLengthEncodedBytes(segment);
                break;
            case DateTime dt:
                WriteDateTime(writer, MySqlDateTime.FromDateTime(dt));
                break;
            case DateTimeOffset dto:
                WriteDateTime(writer, MySqlDateTime.FromDateTime(dto.UtcDateTime));
                break;
            case MySqlDateTime mdt:
                WriteDateTime(writer, mdt);
                break;
            case DateOnly date:
                writer.WriteByte(4);
                writer.WriteUInt16((ushort)date.Year);
                writer.WriteByte((byte)date.Month);
                writer.WriteByte((byte)date.Day);
                break;
            case TimeSpan ts:
                WriteTime(writer, MySqlTime.FromTimeSpan(ts));
                break;
            case TimeOnly to:
                WriteTime(writer, MySqlTime.FromTimeSpan(to.ToTimeSpan()));
                break;
            case MySqlTime time:
                WriteTime(writer, time);
                break;
            case Guid g:
                writer.WriteLengthEncodedString(g.ToString("D"));
                break;
            case IPAddress ip:
                writer.WriteLengthEncodedString(ip.ToString());
                break;
            case char c:
                writer.WriteLengthEncodedString(c.ToString());
                break;
            case string text:
                writer.WriteLengthEncodedString(text);
                break;
            default:
                throw new NotSupportedException($"Parameters of type {value.GetType()} are not supported.");
        }
    }

    private static void WriteDateTime(MySqlPayloadWriter writer, MySqlDateTime value)
    {
        writer.WriteByte(11);
        writer.WriteUInt16((ushort)value.Year);
        writer.WriteByte((byte)value.Month);
        writer.WriteByte((byte)value.Day);
        writer.WriteByte((byte)value.Hour);
        writer.WriteByte((byte)value.Minute);
        writer.WriteByte((byte)value.Second);
        writer.WriteUInt32((uint)value.Microsecond);
    }

    private static void WriteTime(MySqlPayloadWriter writer, MySqlTime value)
    {
        writer.WriteByte(12);
        writer.WriteByte(value.IsNegative ? (byte)1 : (byte)0);
        writer.WriteUInt32((uint)(value.Hours / 24));
        writer.WriteByte((byte)(value.Hours % 24));
        writer.WriteByte((byte)value.Minutes);
        writer.WriteByte((byte)value.Seconds);
        writer.WriteUInt32((uint)value.Microseconds);
    }

    private static bool IsUnsignedEnum(Enum value) =>
        Type.GetTypeCode(Enum.GetUnderlyingType(value.GetType())) is TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64;
}
