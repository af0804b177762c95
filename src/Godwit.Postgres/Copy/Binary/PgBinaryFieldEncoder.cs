using System.Collections;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Godwit.Core.Types;

namespace Godwit.Postgres.Copy.Binary;

/// <summary>
/// Writes one non-NULL value of a column into binary COPY data, in its target type's send format, straight from the
/// source's text-protocol bytes: the <see cref="ValueConverter"/> function of the column's conversion validates and
/// parses it (and names table, column and value when it refuses it), and the result is encoded here without boxing.
/// Text-like values are copied as they are, numeric goes through <see cref="PgNumericEncoder"/> (never System.Decimal).
/// </summary>
internal static class PgBinaryFieldEncoder
{
    // PostgreSQL's epoch for date and timestamp send formats.
    private static readonly DateOnly DateEpoch = new(2000, 1, 1);
    private static readonly long TimestampEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).Ticks;

    // inet_send's family bytes (src/include/utils/inet.h): PGSQL_AF_INET = AF_INET + 0, PGSQL_AF_INET6 = AF_INET + 1.
    private const byte PgAfInet = 2;
    private const byte PgAfInet6 = 3;

    // Array element type for SET → text[] (pg_type.oid of text).
    private const int TextOid = 25;

    public static void Write(in ColumnWriter col, ReadOnlySpan<byte> v, PgBinaryWriter w)
    {
        var cast = col.Cast;
        switch (col.Kind)
        {
            case ValueConversionKind.Text:
            case ValueConversionKind.Json:
                ValueConverter.CheckText(cast, v);
                WriteText(col, v, w);
                break;
            case ValueConversionKind.Bytes:
                w.WriteField(v);
                break;
            case ValueConversionKind.IntegerToBoolean:
            case ValueConversionKind.BitToBoolean:
                w.WriteInt32(1);
                w.WriteByte(ValueConverter.ToBoolean(cast, v) ? (byte)1 : (byte)0);
                break;
            case ValueConversionKind.Int16:
                w.WriteInt32(2);
                w.WriteInt16(ValueConverter.ToInt16(cast, v));
                break;
            case ValueConversionKind.Int32:
                w.WriteInt32(4);
                w.WriteInt32(ValueConverter.ToInt32(cast, v));
                break;
            case ValueConversionKind.Int64:
            case ValueConversionKind.BitToInt64:
                w.WriteInt32(8);
                w.WriteInt64(ValueConverter.ToInt64(cast, v));
                break;
            case ValueConversionKind.Numeric:
                if (!MySqlTextValues.IsDecimalText(v))
                {
                    throw cast.Fail(v, "not a decimal number");
                }

                w.BeginField();
                PgNumericEncoder.Write(v, w);
                w.EndField();
                break;
            case ValueConversionKind.Real:
                w.WriteInt32(4);
                w.WriteInt32(BitConverter.SingleToInt32Bits(ValueConverter.ToReal(cast, v)));
                break;
            case ValueConversionKind.Double:
                w.WriteInt32(8);
                w.WriteInt64(BitConverter.DoubleToInt64Bits(ValueConverter.ToDouble(cast, v)));
                break;
            case ValueConversionKind.Date:
                WriteDate(ValueConverter.ToDate(cast, v), w);
                break;
            case ValueConversionKind.Timestamp:
            case ValueConversionKind.TimestampTz:
                WriteTimestamp(ValueConverter.ToTimestamp(cast, v), w);
                break;
            case ValueConversionKind.Time:
                w.WriteInt32(8);
                w.WriteInt64(ValueConverter.ToTime(cast, v).Ticks / TimeSpan.TicksPerMicrosecond);
                break;
            case ValueConversionKind.Interval:
                // interval_send: int64 microseconds, int32 days, int32 months. TIME stays pure microseconds, so
                // -838:59:59 reads back as itself, not as days.
                w.WriteInt32(16);
                w.WriteInt64(ValueConverter.ToIntervalMicros(cast, v));
                w.WriteInt32(0);
                w.WriteInt32(0);
                break;
            case ValueConversionKind.Uuid:
            case ValueConversionKind.BinaryToUuid:
                w.WriteInt32(16);
                ValueConverter.ToUuid(cast, v).TryWriteBytes(w.GetSpan(16), bigEndian: true, out _);
                w.Advance(16);
                break;
            case ValueConversionKind.Inet:
                WriteInet(ValueConverter.ToInet(cast, v), isCidr: col.DataTypeName == "cidr", w);
                break;
            case ValueConversionKind.Bits:
                WriteBits(ValueConverter.ToBits(cast, v), w);
                break;
            case ValueConversionKind.BitToText:
                WriteString(ValueConverter.ToBitText(cast, v), w);
                break;
            case ValueConversionKind.SetToArray:
                WriteTextArray(ValueConverter.ToSetArray(cast, v), w);
                break;
            case ValueConversionKind.Wkb:
                // bytea, or PostGIS geometry, whose send format is (E)WKB.
                w.WriteField(ValueConverter.ToWkb(cast, v));
                break;
            case ValueConversionKind.Ewkb:
                w.WriteField(ValueConverter.ToEwkb(cast, v));
                break;
            case ValueConversionKind.Native:
                // The source's binary COPY field of the same type: passed through byte for byte.
                w.WriteField(v);
                break;
            default:
                throw new InvalidOperationException($"{cast.QualifiedColumn}: no binary COPY encoding for conversion {col.Kind}");
        }
    }

    /// <summary>Whether <see cref="Write"/> encodes this column's conversion.</summary>
    public static bool Supports(ValueConversionKind kind) => kind is ValueConversionKind.Text or ValueConversionKind.Json or ValueConversionKind.Bytes
        or ValueConversionKind.IntegerToBoolean or ValueConversionKind.BitToBoolean or ValueConversionKind.Int16 or ValueConversionKind.Int32
        or ValueConversionKind.Int64 or ValueConversionKind.BitToInt64 or ValueConversionKind.Numeric or ValueConversionKind.Real
        or ValueConversionKind.Double or ValueConversionKind.Date or ValueConversionKind.Timestamp or ValueConversionKind.TimestampTz
        or ValueConversionKind.Time or ValueConversionKind.Interval or ValueConversionKind.Uuid or ValueConversionKind.BinaryToUuid
        or ValueConversionKind.Inet or ValueConversionKind.Bits or ValueConversionKind.BitToText or ValueConversionKind.SetToArray
        or ValueConversionKind.Wkb or ValueConversionKind.Ewkb or ValueConversionKind.Native;

    /// <summary>text, varchar, char, citext, enum labels and json are their UTF-8 bytes; jsonb adds its format version 1.</summary>
    private static void WriteText(in ColumnWriter col, ReadOnlySpan<byte> v, PgBinaryWriter w)
    {
        if (col.DataTypeName == "jsonb")
        {
            w.WriteInt32(v.Length + 1);
            w.WriteByte(1);
            w.Append(v);
            return;
        }

        w.WriteField(v);
    }

    private static void WriteString(string text, PgBinaryWriter w)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        w.WriteInt32(length);
        Encoding.UTF8.GetBytes(text, w.GetSpan(length));
        w.Advance(length);
    }

    private static void WriteDate(DateResult date, PgBinaryWriter w)
    {
        switch (date.Status)
        {
            case TemporalStatus.Null:
                w.WriteNull();
                return;
            case TemporalStatus.NegativeInfinity:
                w.WriteInt32(4);
                w.WriteInt32(int.MinValue);
                return;
            default:
                w.WriteInt32(4);
                w.WriteInt32(date.Value.DayNumber - DateEpoch.DayNumber);
                return;
        }
    }

    private static void WriteTimestamp(TimestampResult timestamp, PgBinaryWriter w)
    {
        switch (timestamp.Status)
        {
            case TemporalStatus.Null:
                w.WriteNull();
                return;
            case TemporalStatus.NegativeInfinity:
                w.WriteInt32(8);
                w.WriteInt64(long.MinValue);
                return;
            default:
                // A TimestampTz value is already UTC; both send microseconds since 2000-01-01.
                w.WriteInt32(8);
                w.WriteInt64((timestamp.Value.Ticks - TimestampEpochTicks) / TimeSpan.TicksPerMicrosecond);
                return;
        }
    }

    private static void WriteInet(IPAddress address, bool isCidr, PgBinaryWriter w)
    {
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var size = v6 ? 16 : 4;
        w.WriteInt32(4 + size);
        w.WriteByte(v6 ? PgAfInet6 : PgAfInet);
        w.WriteByte((byte)(size * 8));
        w.WriteByte(isCidr ? (byte)1 : (byte)0);
        w.WriteByte((byte)size);
        address.TryWriteBytes(w.GetSpan(size), out _);
        w.Advance(size);
    }

    /// <summary>bit/varbit send: int32 bit count, then the bits most significant first.</summary>
    private static void WriteBits(BitArray bits, PgBinaryWriter w)
    {
        var bytes = (bits.Length + 7) / 8;
        w.WriteInt32(4 + bytes);
        w.WriteInt32(bits.Length);
        var span = w.GetSpan(bytes);
        span.Clear();
        for (var i = 0; i < bits.Length; i++)
        {
            if (bits[i])
            {
                span[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        w.Advance(bytes);
    }

    /// <summary>array_send for a one-dimensional text[] without NULLs.</summary>
    private static void WriteTextArray(string[] items, PgBinaryWriter w)
    {
        w.BeginField();
        w.WriteInt32(items.Length == 0 ? 0 : 1);
        w.WriteInt32(0);
        w.WriteInt32(TextOid);
        if (items.Length > 0)
        {
            w.WriteInt32(items.Length);
            w.WriteInt32(1);
            foreach (var item in items)
            {
                WriteString(item, w);
            }
        }

        w.EndField();
    }
}
