using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;

namespace Godwit.Core.Types;

/// <summary>
/// Pure, allocation-free parsers for MySQL's text representations (the text protocol sends every value as
/// a string; the binlog decoder renders into the same forms). Each returns false on malformed input and
/// never throws; <see cref="ValueConverter"/> turns false into an error that names table, column and value.
/// </summary>
public static class MySqlTextValues
{
    public const long MicrosPerSecond = 1_000_000;
    public const long MicrosPerDay = 86_400L * MicrosPerSecond;

    /// <summary>The largest TIME magnitude MySQL allows: 838:59:59.999999.</summary>
    public const long MaxTimeMicros = ((838L * 3600) + (59 * 60) + 59) * MicrosPerSecond + 999_999;

    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && text.Length > 0;

    public static bool TryParseUInt64(ReadOnlySpan<byte> text, out ulong value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && text.Length > 0;

    /// <summary>Parses a decimal number exactly; false when it has more significant digits than <see cref="decimal"/> holds.</summary>
    /// <summary>Whether the text is a plain decimal as MySQL prints one: optional sign, digits, optional point and digits (at least one digit).</summary>
    public static bool IsDecimalText(ReadOnlySpan<byte> text)
    {
        var i = text.Length > 0 && text[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        var digits = 0;
        var point = false;
        for (; i < text.Length; i++)
        {
            var b = text[i];
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                digits++;
            }
            else if (b == '.' && !point)
            {
                point = true;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }

    public static bool TryParseSingle(ReadOnlySpan<byte> text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>
    /// Parses <c>YYYY-MM-DD</c> (or the date part of a DATETIME). <paramref name="isZero"/> is true for a zero
    /// or partly zero date (<c>0000-00-00</c>, <c>2024-00-10</c>, <c>0000-01-01</c>): those are not valid
    /// dates anywhere but MySQL, so the zero-date policy decides them.
    /// </summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out DateOnly value, out bool isZero)
    {
        value = default;
        isZero = false;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-'
            || !Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day))
        {
            return false;
        }

        if (year == 0 || month == 0 || day == 0)
        {
            isZero = true;
            return true;
        }

        if (month > 12 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Parses <c>YYYY-MM-DD</c> or <c>YYYY-MM-DD HH:MM:SS[.ffffff]</c> (also with a <c>T</c>); see <see cref="TryParseDate"/> for zero dates.</summary>
    public static bool TryParseDateTime(ReadOnlySpan<byte> text, out DateTime value, out bool isZero)
    {
        value = default;
        if (!TryParseDate(text, out var date, out isZero))
        {
            return false;
        }

        long micros = 0;
        if (text.Length > 10)
        {
            if (text.Length < 19 || text[10] is not ((byte)' ' or (byte)'T') || text[13] != ':' || text[16] != ':'
                || !Digits(text, 11, 2, out var h) || !Digits(text, 14, 2, out var m) || !Digits(text, 17, 2, out var s)
                || h > 23 || m > 59 || s > 59)
            {
                return false;
            }

            if (!TryParseFraction(text[19..], out var frac))
            {
                return false;
            }

            micros = (((h * 60L) + m) * 60 + s) * MicrosPerSecond + frac;
        }

        if (isZero)
        {
            return true;
        }

        value = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).AddTicks(micros * 10);
        return true;
    }

    /// <summary>Parses TIME <c>[-]H+:MM:SS[.ffffff]</c> (hours up to 838, may be negative) into signed microseconds.</summary>
    public static bool TryParseTimeMicros(ReadOnlySpan<byte> text, out long micros)
    {
        micros = 0;
        var negative = text.Length > 0 && text[0] == '-';
        var rest = negative ? text[1..] : text;
        var colon = rest.IndexOf((byte)':');
        if (colon < 1 || colon > 4 || rest.Length < colon + 6 || rest[colon + 3] != ':'
            || !Digits(rest, 0, colon, out var hours) || !Digits(rest, colon + 1, 2, out var minutes) || !Digits(rest, colon + 4, 2, out var seconds)
            || minutes > 59 || seconds > 59 || !TryParseFraction(rest[(colon + 6)..], out var frac))
        {
            return false;
        }

        var magnitude = ((((long)hours * 60) + minutes) * 60 + seconds) * MicrosPerSecond + frac;
        if (magnitude > MaxTimeMicros)
        {
            return false;
        }

        micros = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>BIT(n) as the server sends it: big-endian bytes, at most 8.</summary>
    public static bool TryParseBits(ReadOnlySpan<byte> bytes, out ulong value)
    {
        value = 0;
        if (bytes.Length > 8)
        {
            return false;
        }

        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return true;
    }

    /// <summary>Counts the members of a SET value (<c>a,b,c</c> → 3; empty → 0).</summary>
    public static int CountSetMembers(ReadOnlySpan<byte> text) => text.IsEmpty ? 0 : text.Count((byte)',') + 1;

    /// <summary>Strips MySQL's 4-byte little-endian SRID prefix from an internal geometry value, giving WKB.</summary>
    public static bool TrySplitGeometry(ReadOnlySpan<byte> value, out int srid, out ReadOnlySpan<byte> wkb)
    {
        srid = 0;
        wkb = default;
        if (value.Length < 4 + 5 || value[4] > 1)
        {
            return false;
        }

        srid = BinaryPrimitives.ReadInt32LittleEndian(value);
        wkb = value[4..];
        return true;
    }

    /// <summary>
    /// Writes the EWKB form (PostGIS: WKB with the SRID flag 0x20000000 and the SRID after the type word)
    /// of a MySQL internal geometry into <paramref name="destination"/> (4 bytes longer than the WKB); returns
    /// the length written, or -1 when the input is not a geometry or the destination is too small. SRID 0 (none) is
    /// plain WKB, as PostGIS stores and returns it, so both sides of verify have the same form.
    /// </summary>
    public static int WriteEwkb(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        if (!TrySplitGeometry(value, out var srid, out var wkb) || destination.Length < wkb.Length + 4)
        {
            return -1;
        }

        if (srid == 0)
        {
            wkb.CopyTo(destination);
            return wkb.Length;
        }

        var little = wkb[0] == 1;
        var type = little ? BinaryPrimitives.ReadUInt32LittleEndian(wkb[1..]) : BinaryPrimitives.ReadUInt32BigEndian(wkb[1..]);
        type |= 0x20000000;
        destination[0] = wkb[0];
        if (little)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], type);
            BinaryPrimitives.WriteInt32LittleEndian(destination[5..], srid);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[1..], type);
            BinaryPrimitives.WriteInt32BigEndian(destination[5..], srid);
        }

        wkb[5..].CopyTo(destination[9..]);
        return wkb.Length + 4;
    }

    /// <summary>Parses <c>.ffffff</c> (up to 6 digits, or empty) into microseconds.</summary>
    private static bool TryParseFraction(ReadOnlySpan<byte> text, out long micros)
    {
        micros = 0;
        if (text.IsEmpty)
        {
            return true;
        }

        if (text[0] != '.' || text.Length > 7 || text.Length < 2)
        {
            return false;
        }

        var digits = text[1..];
        for (var i = 0; i < 6; i++)
        {
            var d = 0;
            if (i < digits.Length)
            {
                d = digits[i] - '0';
                if ((uint)d > 9)
                {
                    return false;
                }
            }

            micros = (micros * 10) + d;
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            var d = text[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }
}
