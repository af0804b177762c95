using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;
using Godwit.Core.Types;

namespace Godwit.Core.Verify;

/// <summary>
/// The canonical text of one value for the row-by-row comparison, from either side: the source's MySQL text
/// bytes go through the same <see cref="ValueConverter"/> the copy used, the target's value is what Npgsql read;
/// both typed values are then printed one way. So a value compares equal exactly when the copy would have
/// written that target value. NULL stays null (never a string), so NULL, '' and 'NULL' are three values.
/// </summary>
public static class CanonicalValue
{
    /// <summary>
    /// The canonical text of a source value (MySQL text-protocol bytes), or null for zero dates mapped to NULL.
    /// The common kinds are read straight from the server's text, which already is canonical (integers, booleans,
    /// whole timestamps, decimals once trailing zeros are trimmed); everything else goes through the copy's
    /// <see cref="ValueConverter"/>. JSON is returned as written: the comparison normalizes it only when the texts differ.
    /// </summary>
    public static string? FromSource(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(cast);
        try
        {
            var type = cast.Column.Type;
            switch (cast.Conversion.Kind)
            {
                case ValueConversionKind.Text:
                case ValueConversionKind.Json:
                case ValueConversionKind.SetToArray:
                    return ValueConverter.ToText(cast, value);
                case ValueConversionKind.Int16 or ValueConversionKind.Int32 or ValueConversionKind.Int64
                    when type.Family == Schema.MySqlTypeFamily.Integer && !type.Zerofill:
                    return Encoding.ASCII.GetString(value);
                case ValueConversionKind.IntegerToBoolean when type.Family == Schema.MySqlTypeFamily.Integer:
                    return value.SequenceEqual("0"u8) ? "f" : "t";
                case ValueConversionKind.Numeric:
                    return DecimalText(ValueConverter.ToNumericText(cast, value));
                case ValueConversionKind.Timestamp or ValueConversionKind.TimestampTz
                    when cast.Conversion.SourceUtcOffset == TimeSpan.Zero && IsPlainDateTime(value):
                    return value.Length == 26 ? Encoding.ASCII.GetString(value) : Encoding.ASCII.GetString(value) + ".000000"[(value.Length - 19)..];
                case ValueConversionKind.Date when value.Length == 10 && IsPlainDateTime(value):
                    return Encoding.ASCII.GetString(value);
                case ValueConversionKind.Native when !type.IsForeign && type.Family is Schema.MySqlTypeFamily.Binary or Schema.MySqlTypeFamily.Blob
                    or Schema.MySqlTypeFamily.Bit or Schema.MySqlTypeFamily.Spatial:
                    // MySQL → MySQL: bytes on both sides, compared as hex (never as text, where unlike bytes could read alike).
                    return Convert.ToHexString(value);
                case ValueConversionKind.Interval:
                case ValueConversionKind.Time:
                    return ValueConverter.ToIntervalMicros(cast, value).ToString(CultureInfo.InvariantCulture);
                default:
                    return Format(cast, ValueConverter.ToObject(cast, value));
            }
        }
        catch (ValueConversionException ex)
        {
            // The copy could not have written this value either: show why instead of failing the whole run.
            return "(not convertible: " + ex.Message + ")";
        }
    }

    /// <summary>A timestamp as the server prints it (<c>YYYY-MM-DD HH:MM:SS[.ffffff]</c>), not a zero or partly zero date.</summary>
    private static bool IsPlainDateTime(ReadOnlySpan<byte> value) =>
        (value.Length == 10 || value.Length == 19 || (value.Length > 20 && value.Length <= 26 && value[19] == '.'))
        && !value[..4].SequenceEqual("0000"u8) && !value.Slice(5, 2).SequenceEqual("00"u8) && !value.Slice(8, 2).SequenceEqual("00"u8);

    /// <summary>
    /// A decimal's text (MySQL's DECIMAL or PostgreSQL's numeric text) by value, every digit kept, never through
    /// System.Decimal: <c>12.50</c> → <c>12.5</c>, <c>003.000</c> → <c>3</c>, <c>-0.00</c> → <c>0</c>.
    /// </summary>
    public static string DecimalText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.AsSpan();
        if (text.IndexOf('.') >= 0)
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        var negative = text.StartsWith("-");
        var digits = (negative || text.StartsWith("+") ? text[1..] : text).TrimStart('0');
        if (digits.IsEmpty || digits[0] == '.')
        {
            digits = string.Concat("0", digits.ToString());
        }

        return negative && digits is not "0" ? string.Concat("-", digits) : digits.ToString();
    }

    /// <summary>A timestamp as <c>yyyy-MM-dd HH:mm:ss.ffffff</c> (the server's text for DATETIME(6)); infinities by name.</summary>
    public static string Timestamp(DateTime value)
    {
        if (value == DateTime.MinValue)
        {
            return "-infinity";
        }

        if (value == DateTime.MaxValue)
        {
            return "infinity";
        }

        return string.Create(26, value, static (span, d) =>
        {
            Digits(span, 0, 4, d.Year);
            span[4] = '-';
            Digits(span, 5, 2, d.Month);
            span[7] = '-';
            Digits(span, 8, 2, d.Day);
            span[10] = ' ';
            Digits(span, 11, 2, d.Hour);
            span[13] = ':';
            Digits(span, 14, 2, d.Minute);
            span[16] = ':';
            Digits(span, 17, 2, d.Second);
            span[19] = '.';
            Digits(span, 20, 6, (int)(d.Ticks % TimeSpan.TicksPerSecond / 10));
        });
    }

    private static void Digits(Span<char> span, int at, int count, int value)
    {
        for (var i = at + count - 1; i >= at; i--)
        {
            span[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>The canonical text of a target value as Npgsql returned it (DBNull or null for NULL).</summary>
    public static string? FromTarget(ColumnCast cast, object? value)
    {
        ArgumentNullException.ThrowIfNull(cast);
        if (value is null or DBNull)
        {
            return null;
        }

        return cast.Conversion.Kind switch
        {
            ValueConversionKind.Interval or ValueConversionKind.Time => value switch
            {
                TimeSpan t => (t.Ticks / 10).ToString(CultureInfo.InvariantCulture),
                TimeOnly t => (t.Ticks / 10).ToString(CultureInfo.InvariantCulture),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            },
            _ => Format(cast, value),
        };
    }

    /// <summary>A decimal by value: no trailing fractional zeros, invariant culture (<c>12.50</c> → <c>12.5</c>).</summary>
    public static string Decimal(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text == "-0" ? "0" : text;
    }

    private static string? Format(ColumnCast cast, object? value)
    {
        var c = CultureInfo.InvariantCulture;
        var kind = cast.Conversion.Kind;
        return value switch
        {
            null or DBNull => null,
            string s => s,
            byte[] b => Convert.ToHexStringLower(b),
            bool b when kind is ValueConversionKind.Bits or ValueConversionKind.BitToText => b ? "1" : "0",
            bool b => b ? "t" : "f",
            short n => n.ToString(c),
            int n => n.ToString(c),
            long n => n.ToString(c),
            decimal d => Decimal(d),
            float f => f.ToString("R", c),
            double d => d.ToString("R", c),
            DateOnly d => d == DateOnly.MinValue ? "-infinity" : d == DateOnly.MaxValue ? "infinity" : d.ToString("yyyy-MM-dd", c),
            DateTime d when d == DateTime.MinValue => "-infinity",
            DateTime d when d == DateTime.MaxValue => "infinity",
            DateTime d when kind == ValueConversionKind.Date => d.ToString("yyyy-MM-dd", c),
            DateTime d => Timestamp(d),
            DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", c),
            Guid g => g.ToString("D"),
            IPAddress ip => ip.ToString(),
            BitArray bits => Bits(bits),
            string[] items => string.Join(',', items),
            ulong n => n.ToString(c),
            _ => Convert.ToString(value, c),
        };
    }

    private static string Bits(BitArray bits)
    {
        var sb = new StringBuilder(bits.Length);
        for (var i = 0; i < bits.Length; i++)
        {
            sb.Append(bits[i] ? '1' : '0');
        }

        return sb.ToString();
    }
}
