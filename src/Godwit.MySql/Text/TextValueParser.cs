using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Godwit.MySql.Text;

/// <summary>
/// Allocation-free parsers for the text protocol's ASCII representations of numbers and temporal
/// values (ResultsetRow: every non-NULL value is sent as a length-encoded string).
/// </summary>
internal static class TextValueParser
{
    // System.Decimal holds 28-29 significant digits; DECIMAL(65,30) can exceed it.
    private const int DecimalSafeDigits = 28;

    public static long ParseInt64(ReadOnlySpan<byte> text)
    {
        if (Utf8Parser.TryParse(text, out long value, out var consumed) && consumed == text.Length)
        {
            return value;
        }

        throw Invalid(text, "a 64-bit integer");
    }

    public static ulong ParseUInt64(ReadOnlySpan<byte> text)
    {
        if (Utf8Parser.TryParse(text, out ulong value, out var consumed) && consumed == text.Length)
        {
            return value;
        }

        throw Invalid(text, "an unsigned 64-bit integer");
    }

    public static double ParseDouble(ReadOnlySpan<byte> text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw Invalid(text, "a floating-point number");
    }

    public static float ParseSingle(ReadOnlySpan<byte> text)
    {
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw Invalid(text, "a floating-point number");
    }

    /// <summary>Parses exactly; throws <see cref="OverflowException"/> when the value needs more digits than System.Decimal has.</summary>
    public static decimal ParseDecimal(ReadOnlySpan<byte> text)
    {
        if (CountSignificantDigits(text) > DecimalSafeDigits)
        {
            // 29-digit values may still fit; accept them only when nothing was rounded away.
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var wide)
                && IsExact(wide, text))
            {
                return wide;
            }

            throw new OverflowException(
                $"The DECIMAL value '{Encoding.ASCII.GetString(text)}' has more digits than System.Decimal holds; use GetDecimalString.");
        }

        if (Utf8Parser.TryParse(text, out decimal value, out var consumed) && consumed == text.Length)
        {
            return value;
        }

        throw Invalid(text, "a decimal number");
    }

    /// <summary>Parses <c>YYYY-MM-DD</c> or <c>YYYY-MM-DD HH:MM:SS[.ffffff]</c>.</summary>
    public static MySqlDateTime ParseDateTime(ReadOnlySpan<byte> text)
    {
        if (text.Length < 10 || text[4] != '-' || text[7] != '-')
        {
            throw Invalid(text, "a date");
        }

        var year = Digits(text, 0, 4);
        var month = Digits(text, 5, 2);
        var day = Digits(text, 8, 2);
        if (text.Length == 10)
        {
            return new MySqlDateTime(year, month, day);
        }

        if (text.Length < 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':')
        {
            throw Invalid(text, "a date and time");
        }

        var hour = Digits(text, 11, 2);
        var minute = Digits(text, 14, 2);
        var second = Digits(text, 17, 2);
        var micro = text.Length > 19 ? Fraction(text[19..]) : 0;
        return new MySqlDateTime(year, month, day, hour, minute, second, micro);
    }

    /// <summary>Parses <c>[-]H+:MM:SS[.ffffff]</c> (hours may have up to three digits).</summary>
    public static MySqlTime ParseTime(ReadOnlySpan<byte> text)
    {
        var negative = text.Length > 0 && text[0] == '-';
        var rest = negative ? text[1..] : text;
        var colon = rest.IndexOf((byte)':');
        if (colon < 1 || rest.Length < colon + 6 || rest[colon + 3] != ':')
        {
            throw Invalid(text, "a time");
        }

        var hours = Digits(rest, 0, colon);
        var minutes = Digits(rest, colon + 1, 2);
        var seconds = Digits(rest, colon + 4, 2);
        var micro = rest.Length > colon + 6 ? Fraction(rest[(colon + 6)..]) : 0;
        return new MySqlTime(negative, hours, minutes, seconds, micro);
    }

    private static int Digits(ReadOnlySpan<byte> text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - (byte)'0';
            if ((uint)digit > 9)
            {
                throw Invalid(text, "a temporal value");
            }

            value = (value * 10) + digit;
        }

        return value;
    }

    // ".ffffff" with 1-6 digits; the server pads to the column's precision.
    private static int Fraction(ReadOnlySpan<byte> text)
    {
        if (text[0] != '.' || text.Length is < 2 or > 7)
        {
            throw Invalid(text, "a fractional second");
        }

        var value = Digits(text, 1, text.Length - 1);
        for (var i = text.Length - 1; i < 6; i++)
        {
            value *= 10;
        }

        return value;
    }

    private static int CountSignificantDigits(ReadOnlySpan<byte> text)
    {
        int first = -1, last = -1, count = 0, dot = text.IndexOf((byte)'.');
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is >= (byte)'1' and <= (byte)'9')
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        if (first < 0)
        {
            return 0;
        }

        // Trailing zeros of the integer part are significant; trailing fractional zeros are not.
        var end = dot >= 0 && last < dot ? dot - 1 : last;
        for (var i = first; i <= end; i++)
        {
            if (text[i] != '.')
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsExact(decimal value, ReadOnlySpan<byte> text)
    {
        var expected = Encoding.ASCII.GetString(text).TrimStart('-');
        var actual = Math.Abs(value).ToString(CultureInfo.InvariantCulture);
        return Normalize(expected) == Normalize(actual);

        static string Normalize(string s)
        {
            s = s.TrimStart('0');
            if (s.Contains('.', StringComparison.Ordinal))
            {
                s = s.TrimEnd('0').TrimEnd('.');
            }

            return s;
        }
    }

    private static FormatException Invalid(ReadOnlySpan<byte> text, string what) =>
        new($"'{Encoding.UTF8.GetString(text)}' is not {what}.");
}
