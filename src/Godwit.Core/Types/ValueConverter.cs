using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Unicode;

namespace Godwit.Core.Types;

/// <summary>
/// Applies a <see cref="ColumnCast"/>'s <see cref="ValueConversion"/> to one source value given as the bytes
/// of MySQL's text form (or raw bytes for binary/BIT/geometry). Copy (issue #5) calls the typed functions in
/// a per-column switch on <see cref="ValueConversion.Kind"/> and hands the result to NpgsqlBinaryImporter
/// without boxing; CDC (issue #6) calls the same functions. <see cref="ToObject"/> is the boxing convenience,
/// <see cref="ToPgText"/> the PostgreSQL text form (used for DDL defaults). Every failure throws
/// <see cref="ValueConversionException"/> naming table, column and value.
/// </summary>
public static class ValueConverter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string ToText(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        CheckText(cast, value);
        return StrictUtf8.GetString(value);
    }

    /// <summary>Throws unless the bytes can be PostgreSQL text as they are: valid UTF-8 without NUL bytes.</summary>
    public static void CheckText(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(cast);
        if (value.Contains((byte)0))
        {
            throw cast.Fail(value, "PostgreSQL text cannot hold NUL (0x00) bytes; map the column to bytea or clean the value");
        }

        if (!Utf8.IsValid(value))
        {
            throw cast.Fail(value, "not valid UTF-8 (read the source with a utf8mb4 connection, or map the column to bytea)");
        }
    }

    public static byte[] ToBytes(ReadOnlySpan<byte> value) => value.ToArray();

    public static bool ToBoolean(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        if (cast.Conversion.Kind == ValueConversionKind.BitToBoolean)
        {
            return MySqlTextValues.TryParseBits(value, out var bits) ? bits != 0 : throw cast.Fail(value, "not a BIT value");
        }

        return MySqlTextValues.TryParseInt64(value, out var n) ? n != 0 : throw cast.Fail(value, "not an integer");
    }

    public static short ToInt16(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        var n = ToInt64(cast, value);
        return n is >= short.MinValue and <= short.MaxValue ? (short)n : throw cast.Fail(value, "out of range for smallint");
    }

    public static int ToInt32(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        var n = ToInt64(cast, value);
        return n is >= int.MinValue and <= int.MaxValue ? (int)n : throw cast.Fail(value, "out of range for integer");
    }

    public static long ToInt64(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        if (cast.Conversion.Kind == ValueConversionKind.BitToInt64)
        {
            return MySqlTextValues.TryParseBits(value, out var bits) && bits <= long.MaxValue
                ? (long)bits
                : throw cast.Fail(value, "BIT value does not fit bigint");
        }

        if (MySqlTextValues.TryParseInt64(value, out var n))
        {
            return n;
        }

        if (MySqlTextValues.TryParseUInt64(value, out _))
        {
            throw cast.Fail(value, "out of range for bigint (an unsigned value above 9223372036854775807; map the column to numeric(20,0))");
        }

        throw cast.Fail(value, "not an integer");
    }

    /// <summary>
    /// A DECIMAL's text, checked and kept as text: every digit of a DECIMAL(65,30) survives, where System.Decimal
    /// would stop at 28-29 significant digits. The copy encodes it to PostgreSQL's binary numeric, the stream sends
    /// it as numeric input text.
    /// </summary>
    public static string ToNumericText(ColumnCast cast, ReadOnlySpan<byte> value) =>
        MySqlTextValues.IsDecimalText(value) ? Encoding.ASCII.GetString(value) : throw cast.Fail(value, "not a decimal number");

    public static float ToReal(ColumnCast cast, ReadOnlySpan<byte> value) =>
        MySqlTextValues.TryParseSingle(value, out var f) ? f : throw cast.Fail(value, "not a finite real");

    public static double ToDouble(ColumnCast cast, ReadOnlySpan<byte> value) =>
        MySqlTextValues.TryParseDouble(value, out var f) ? f : throw cast.Fail(value, "not a finite double precision");

    public static DateResult ToDate(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        if (!MySqlTextValues.TryParseDate(value, out var date, out var zero) || (value.Length != 10 && !zero))
        {
            throw cast.Fail(value, "not a date");
        }

        return zero ? new DateResult(ZeroOutcome(cast, value), default) : new DateResult(TemporalStatus.Value, date);
    }

    public static TimestampResult ToTimestamp(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        if (!MySqlTextValues.TryParseDateTime(value, out var dt, out var zero))
        {
            throw cast.Fail(value, "not a date and time");
        }

        if (zero)
        {
            return new TimestampResult(ZeroOutcome(cast, value), default);
        }

        if (cast.Conversion.Kind == ValueConversionKind.TimestampTz)
        {
            var utc = dt - cast.Conversion.SourceUtcOffset;
            return new TimestampResult(TemporalStatus.Value, DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        }

        return new TimestampResult(TemporalStatus.Value, dt);
    }

    /// <summary>TIME → interval: any MySQL TIME, including negative and over 24 hours.</summary>
    public static TimeSpan ToInterval(ColumnCast cast, ReadOnlySpan<byte> value) =>
        MySqlTextValues.TryParseTimeMicros(value, out var micros)
            ? TimeSpan.FromTicks(micros * 10)
            : throw cast.Fail(value, "not a TIME value");

    /// <summary>The signed microseconds of a TIME (what Npgsql's NpgsqlInterval takes as its time part).</summary>
    public static long ToIntervalMicros(ColumnCast cast, ReadOnlySpan<byte> value) =>
        MySqlTextValues.TryParseTimeMicros(value, out var micros) ? micros : throw cast.Fail(value, "not a TIME value");

    /// <summary>TIME → time of day: values below 0 or at/after 24:00:00 cannot be represented.</summary>
    public static TimeOnly ToTime(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        if (!MySqlTextValues.TryParseTimeMicros(value, out var micros))
        {
            throw cast.Fail(value, "not a TIME value");
        }

        return micros is >= 0 and < MySqlTextValues.MicrosPerDay
            ? new TimeOnly(micros * 10)
            : throw cast.Fail(value, "a negative or 24-hours-or-more TIME does not fit PostgreSQL time; map the column to interval (the default)");
    }

    public static string ToJson(ColumnCast cast, ReadOnlySpan<byte> value) => ToText(cast, value);

    public static Guid ToUuid(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        if (cast.Conversion.Kind == ValueConversionKind.BinaryToUuid)
        {
            return value.Length == 16 ? new Guid(value, bigEndian: true) : throw cast.Fail(value, "a uuid needs exactly 16 bytes");
        }

        return Guid.TryParse(value, out var g) ? g : throw cast.Fail(value, "not a UUID");
    }

    public static IPAddress ToInet(ColumnCast cast, ReadOnlySpan<byte> value) =>
        IPAddress.TryParse(value, out var ip) ? ip : throw cast.Fail(value, "not an IP address");

    public static BitArray ToBits(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        var n = cast.Conversion.BitLength;
        if (n <= 0 || value.Length * 8 < n || value.Length > 8)
        {
            throw cast.Fail(value, $"not a BIT({n}) value");
        }

        MySqlTextValues.TryParseBits(value, out var bits);
        var array = new BitArray(n);
        for (var i = 0; i < n; i++)
        {
            array[i] = ((bits >> (n - 1 - i)) & 1) != 0;
        }

        return array;
    }

    public static string ToBitText(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        var n = cast.Conversion.BitLength;
        if (!MySqlTextValues.TryParseBits(value, out var bits) || n <= 0)
        {
            throw cast.Fail(value, $"not a BIT({n}) value");
        }

        return string.Create(n, bits, (span, b) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = ((b >> (span.Length - 1 - i)) & 1) != 0 ? '1' : '0';
            }
        });
    }

    public static string[] ToSetArray(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        var text = ToText(cast, value);
        return text.Length == 0 ? [] : text.Split(',');
    }

    public static byte[] ToWkb(ColumnCast cast, ReadOnlySpan<byte> value) =>
        MySqlTextValues.TrySplitGeometry(value, out _, out var wkb) ? wkb.ToArray() : throw cast.Fail(value, "not a MySQL geometry value");

    public static byte[] ToEwkb(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        var buffer = new byte[value.Length];
        var n = MySqlTextValues.WriteEwkb(value, buffer);
        return n < 0 ? throw cast.Fail(value, "not a MySQL geometry value") : n == buffer.Length ? buffer : buffer[..n];
    }

    /// <summary>
    /// Converts to the .NET value Npgsql writes for the target type (boxing): string, byte[], bool, short, int,
    /// long, decimal, float, double, DateOnly, DateTime, TimeOnly, TimeSpan, Guid, IPAddress, BitArray or
    /// string[]; null for NULL (e.g. a zero date under the null policy). -infinity is DateOnly.MinValue /
    /// DateTime.MinValue.
    /// </summary>
    public static object? ToObject(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(cast);
        switch (cast.Conversion.Kind)
        {
            case ValueConversionKind.Text:
                return ZeroKeepOrText(cast, value);
            case ValueConversionKind.Json:
                return ToJson(cast, value);
            case ValueConversionKind.Bytes:
                return ToBytes(value);
            case ValueConversionKind.IntegerToBoolean:
            case ValueConversionKind.BitToBoolean:
                return ToBoolean(cast, value);
            case ValueConversionKind.Int16:
                return ToInt16(cast, value);
            case ValueConversionKind.Int32:
                return ToInt32(cast, value);
            case ValueConversionKind.Int64:
            case ValueConversionKind.BitToInt64:
                return ToInt64(cast, value);
            case ValueConversionKind.Numeric:
                return ToNumericText(cast, value);
            case ValueConversionKind.Real:
                return ToReal(cast, value);
            case ValueConversionKind.Double:
                return ToDouble(cast, value);
            case ValueConversionKind.Date:
                var d = ToDate(cast, value);
                return d.Status switch
                {
                    TemporalStatus.Value => d.Value,
                    TemporalStatus.NegativeInfinity => DateOnly.MinValue,
                    _ => null,
                };
            case ValueConversionKind.Timestamp:
            case ValueConversionKind.TimestampTz:
                var t = ToTimestamp(cast, value);
                return t.Status switch
                {
                    TemporalStatus.Value => t.Value,
                    TemporalStatus.NegativeInfinity => cast.Conversion.Kind == ValueConversionKind.TimestampTz
                        ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)
                        : DateTime.MinValue,
                    _ => null,
                };
            case ValueConversionKind.Time:
                return ToTime(cast, value);
            case ValueConversionKind.Interval:
                return ToInterval(cast, value);
            case ValueConversionKind.Uuid:
            case ValueConversionKind.BinaryToUuid:
                return ToUuid(cast, value);
            case ValueConversionKind.Inet:
                return ToInet(cast, value);
            case ValueConversionKind.Bits:
                return ToBits(cast, value);
            case ValueConversionKind.BitToText:
                return ToBitText(cast, value);
            case ValueConversionKind.SetToArray:
                return ToSetArray(cast, value);
            case ValueConversionKind.Wkb:
                return ToWkb(cast, value);
            case ValueConversionKind.Ewkb:
                return ToEwkb(cast, value);
            case ValueConversionKind.Native:
                // PostgreSQL's text output (the stream's form): the server parses it back as the same type.
                return ToText(cast, value);
            default:
                throw new InvalidOperationException($"unknown conversion {cast.Conversion.Kind}");
        }
    }

    /// <summary>
    /// The PostgreSQL text form of the converted value (what <c>'…'::type</c> accepts), or null for NULL.
    /// Used for DDL defaults; also usable for text COPY and CDC statements.
    /// </summary>
    public static string? ToPgText(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(cast);
        var c = CultureInfo.InvariantCulture;
        switch (cast.Conversion.Kind)
        {
            case ValueConversionKind.Date:
                var d = ToDate(cast, value);
                return d.Status switch
                {
                    TemporalStatus.Value => d.Value.ToString("yyyy-MM-dd", c),
                    TemporalStatus.NegativeInfinity => "-infinity",
                    _ => null,
                };
            case ValueConversionKind.Timestamp:
            case ValueConversionKind.TimestampTz:
                var t = ToTimestamp(cast, value);
                return t.Status switch
                {
                    TemporalStatus.Value => t.Value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", c).TrimEnd('.')
                        + (cast.Conversion.Kind == ValueConversionKind.TimestampTz ? "+00" : string.Empty),
                    TemporalStatus.NegativeInfinity => "-infinity",
                    _ => null,
                };
            case ValueConversionKind.Interval:
                return FormatMicros(ToIntervalMicros(cast, value));
            case ValueConversionKind.Time:
                return ToTime(cast, value).ToString("HH:mm:ss.FFFFFF", c).TrimEnd('.');
            case ValueConversionKind.Bytes:
            case ValueConversionKind.Wkb:
            case ValueConversionKind.Ewkb:
                var bytes = (byte[])ToObject(cast, value)!;
                return "\\x" + Convert.ToHexStringLower(bytes);
            case ValueConversionKind.Bits:
            case ValueConversionKind.BitToText:
                return ToBitText(cast, value);
            case ValueConversionKind.SetToArray:
                var items = ToSetArray(cast, value);
                return "{" + string.Join(',', items.Select(i => "\"" + i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "}";
            case ValueConversionKind.IntegerToBoolean:
            case ValueConversionKind.BitToBoolean:
                return ToBoolean(cast, value) ? "true" : "false";
            case ValueConversionKind.Real:
                return ToReal(cast, value).ToString("R", c);
            case ValueConversionKind.Double:
                return ToDouble(cast, value).ToString("R", c);
            default:
                return Convert.ToString(ToObject(cast, value), c);
        }
    }

    /// <summary>Formats signed microseconds as an interval literal PostgreSQL reads back exactly (<c>-838:59:59.5</c>).</summary>
    public static string FormatMicros(long micros)
    {
        var sign = micros < 0 ? "-" : string.Empty;
        var m = Math.Abs(micros);
        var seconds = m / MySqlTextValues.MicrosPerSecond;
        var frac = m % MySqlTextValues.MicrosPerSecond;
        var text = string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
        return frac == 0 ? text : text + "." + frac.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    private static string? ZeroKeepOrText(ColumnCast cast, ReadOnlySpan<byte> value) => ToText(cast, value);

    private static TemporalStatus ZeroOutcome(ColumnCast cast, ReadOnlySpan<byte> value) => cast.Conversion.ZeroDates switch
    {
        ZeroDatePolicy.Null => TemporalStatus.Null,
        ZeroDatePolicy.NegativeInfinity => TemporalStatus.NegativeInfinity,
        _ => throw cast.Fail(value, "a zero date has no PostgreSQL equivalent (zero_dates: error); choose zero_dates: null or -infinity for this column"),
    };
}
