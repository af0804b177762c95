using Godwit.Core.Types;

namespace Godwit.Postgres.Copy.Binary;

/// <summary>
/// Writes PostgreSQL's binary <c>numeric</c> (src/backend/utils/adt/numeric.c, numeric_send: int16 ndigits, int16
/// weight, int16 sign, int16 dscale, then ndigits base-10000 digits) straight from a decimal's text, such as MySQL's
/// DECIMAL text or the binlog decoder's rendering of it. No value passes through System.Decimal, so every digit of a
/// DECIMAL(65,30) arrives.
/// </summary>
internal static class PgNumericEncoder
{
    private const short Positive = 0x0000;
    private const short Negative = 0x4000;

    /// <summary>Appends the value's send format (without the field length). The text must pass <see cref="MySqlTextValues.IsDecimalText"/>.</summary>
    public static void Write(ReadOnlySpan<byte> text, PgBinaryWriter output)
    {
        var negative = text[0] == '-';
        if (text[0] is (byte)'-' or (byte)'+')
        {
            text = text[1..];
        }

        var point = text.IndexOf((byte)'.');
        var integer = point < 0 ? text : text[..point];
        var fraction = point < 0 ? [] : text[(point + 1)..];
        var dscale = (short)fraction.Length;
        integer = integer.TrimStart((byte)'0');
        var significantFraction = fraction.TrimEnd((byte)'0');

        // Base-10000 groups aligned on the decimal point: the integer part padded on the left, the fraction on the right.
        var integerGroups = (integer.Length + 3) / 4;
        var fractionGroups = (significantFraction.Length + 3) / 4;
        var count = integerGroups + fractionGroups;
        Span<short> groups = count <= 256 ? stackalloc short[count] : new short[count];
        for (var g = 0; g < integerGroups; g++)
        {
            var end = integer.Length - ((integerGroups - 1 - g) * 4);
            groups[g] = Group(integer[Math.Max(0, end - 4)..end], padRight: 0);
        }

        for (var g = 0; g < fractionGroups; g++)
        {
            var start = g * 4;
            var chunk = significantFraction[start..Math.Min(start + 4, significantFraction.Length)];
            groups[integerGroups + g] = Group(chunk, padRight: 4 - chunk.Length);
        }

        var weight = integerGroups - 1;
        var first = 0;
        while (first < groups.Length && groups[first] == 0)
        {
            first++;
            weight--;
        }

        var last = groups.Length;
        while (last > first && groups[last - 1] == 0)
        {
            last--;
        }

        var digits = groups[first..last];
        output.WriteInt16((short)digits.Length);
        output.WriteInt16(digits.Length == 0 ? (short)0 : (short)weight);
        output.WriteInt16(negative && digits.Length > 0 ? Negative : Positive);
        output.WriteInt16(dscale);
        foreach (var d in digits)
        {
            output.WriteInt16(d);
        }
    }

    private static short Group(ReadOnlySpan<byte> decimalDigits, int padRight)
    {
        var value = 0;
        foreach (var b in decimalDigits)
        {
            value = (value * 10) + (b - '0');
        }

        for (var i = 0; i < padRight; i++)
        {
            value *= 10;
        }

        return (short)value;
    }
}
