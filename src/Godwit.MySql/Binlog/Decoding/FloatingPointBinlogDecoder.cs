using System.Buffers.Binary;
using System.Globalization;

namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// FLOAT (4 bytes) and DOUBLE (8 bytes), IEEE little-endian, rendered the way the server prints a DOUBLE
/// through my_gcvt(): its shortest round-trip digits; fixed notation unless the decimal exponent is below
/// -14 or above 15 with no fractional digits, then "1.5e20" style ('e', no '+', no zero padding). The
/// exponent limits are MAX_DECPT_FOR_F_FORMAT (DBL_DIG = 15) in strings/dtoa.cc.
/// A FLOAT is rendered as its exact value widened to DOUBLE, which is what the copy reads
/// (<c>CAST(f AS DOUBLE)</c>): the server's own FLOAT text keeps only FLT_DIG (6) significant digits, so
/// 16777215 would arrive as 16777200 and 3.1415927 as 3.14159.
/// Not reproduced: DOUBLE(M,D) columns, which the server prints with exactly D decimals
/// (TABLE_MAP does not carry D); the number is the same, only the text differs ("1.5" vs "1.500").
/// </summary>
internal static class FloatingPointBinlogDecoder
{
    private const int MaxDecimalExponentForFixed = 15;

    public static int DecodeFloat(ReadOnlySpan<byte> data, BinlogTextBuffer output)
    {
        double widened = BinaryPrimitives.ReadSingleLittleEndian(data);
        Format(widened, output);
        return 4;
    }

    public static int DecodeDouble(ReadOnlySpan<byte> data, BinlogTextBuffer output)
    {
        Format(BinaryPrimitives.ReadDoubleLittleEndian(data), output);
        return 8;
    }

    /// <summary>Formats like my_gcvt with a wide field, shortest round-trip digits (dtoa mode 0).</summary>
    internal static void Format(double value, BinlogTextBuffer output)
    {
        // "R" gives the shortest round-trip digits, re-laid out from (digits, decimal point) by my_gcvt's rules below.
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        text = text[..written];

        var negative = text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        Span<char> mantissa = stackalloc char[40];
        var length = 0;
        var integerDigits = 0;
        var seenPoint = false;
        var e = text.IndexOfAny('E', 'e');
        foreach (var c in e < 0 ? text : text[..e])
        {
            if (c == '.')
            {
                seenPoint = true;
                continue;
            }

            mantissa[length++] = c;
            if (!seenPoint)
            {
                integerDigits++;
            }
        }

        var decimalPoint = integerDigits
            + (e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        var first = 0;
        while (first < length - 1 && mantissa[first] == '0')
        {
            first++;
            decimalPoint--;
        }

        while (length - 1 > first && mantissa[length - 1] == '0')
        {
            length--;
        }

        var significant = mantissa[first..length];
        if (significant is ['0'])
        {
            output.WriteAscii(negative ? "-0" : "0");
            return;
        }

        if (negative)
        {
            output.Write((byte)'-');
        }

        var fixedFormat = decimalPoint >= -MaxDecimalExponentForFixed + 1
            && (decimalPoint <= MaxDecimalExponentForFixed || significant.Length > decimalPoint);
        if (fixedFormat)
        {
            WriteFixed(significant, decimalPoint, output);
        }
        else
        {
            WriteExponential(significant, decimalPoint - 1, output);
        }
    }

    private static void WriteFixed(ReadOnlySpan<char> digits, int decimalPoint, BinlogTextBuffer output)
    {
        if (decimalPoint <= 0)
        {
            output.Write((byte)'0');
            output.Write((byte)'.');
            for (var i = decimalPoint; i < 0; i++)
            {
                output.Write((byte)'0');
            }

            WriteDigits(digits, output);
            return;
        }

        for (var i = 0; i < Math.Max(decimalPoint, digits.Length); i++)
        {
            if (i == decimalPoint)
            {
                output.Write((byte)'.');
            }

            output.Write(i < digits.Length ? (byte)digits[i] : (byte)'0');
        }
    }

    private static void WriteExponential(ReadOnlySpan<char> digits, int exponent, BinlogTextBuffer output)
    {
        output.Write((byte)digits[0]);
        if (digits.Length > 1)
        {
            output.Write((byte)'.');
            WriteDigits(digits[1..], output);
        }

        output.Write((byte)'e');
        if (exponent < 0)
        {
            output.Write((byte)'-');
            exponent = -exponent;
        }

        output.WriteInt64(exponent);
    }

    private static void WriteDigits(ReadOnlySpan<char> digits, BinlogTextBuffer output)
    {
        foreach (var c in digits)
        {
            output.Write((byte)c);
        }
    }
}
