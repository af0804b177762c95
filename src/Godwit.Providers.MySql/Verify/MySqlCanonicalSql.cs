using System.Globalization;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Types;
using Godwit.Core.Verify;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Verify;

/// <summary>
/// The MySQL/MariaDB half of checksum mode: for each column, an SQL expression giving the value's canonical text
/// (the exact text <c>PgCanonicalSql</c> gives for the value the copy wrote), and the row hash over them.
/// The per-type decisions are documented in docs/verify.md; the important ones:
/// FLOAT is hashed from the server's own 6-digit text (what the copy read), rounded to 6 significant digits;
/// DOUBLE to 15; dates, timestamps in UTC (<c>time_zone = '+00:00'</c>) at microseconds; zero dates by the
/// column's zero-date policy; TIME as signed microseconds; booleans as t/f; bytes as hex.
/// </summary>
public static class MySqlCanonicalSql
{
    /// <summary>The canonical text of the column, or SQL NULL.</summary>
    public static string Expression(PgColumnMapping column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var c = MySqlIdentifier.Quote(column.Source.Name);
        var conversion = column.Cast.Conversion;
        return conversion.Kind switch
        {
            ValueConversionKind.Bytes => $"HEX({c})",
            // MySQL → MySQL: both sides are the same type; bytes compare as hex, everything else as the server prints it.
            ValueConversionKind.Native when IsBinary(column.Source) => $"HEX({c})",
            ValueConversionKind.Wkb => $"HEX(SUBSTRING({c}, 5))",
            ValueConversionKind.IntegerToBoolean => $"IF({c} <> 0, 't', 'f')",
            ValueConversionKind.BitToBoolean => $"IF({c} + 0 <> 0, 't', 'f')",
            // Plain integers and decimals print in CONCAT exactly as CAST(… AS CHAR) would; YEAR and BIT need +0.
            ValueConversionKind.Int16 or ValueConversionKind.Int32 or ValueConversionKind.Int64 or ValueConversionKind.BitToInt64 or ValueConversionKind.Numeric =>
                column.Source.Type.Family is MySqlTypeFamily.Integer or MySqlTypeFamily.Decimal ? c : $"CAST({c} + 0 AS CHAR)",
            // The float32 value, in the 9 significant digits that tell every two floats apart (FLT_DECIMAL_DIG):
            // a one-ulp change is a difference.
            ValueConversionKind.Real => Float($"CAST(CAST({c} AS FLOAT) AS DOUBLE)", 9),
            ValueConversionKind.Double => Float(c, 15),
            ValueConversionKind.Date => ZeroDate(c, column, $"CAST({c} AS CHAR)"),
            ValueConversionKind.Timestamp => ZeroDate(c, column, Microseconds(c, column)),
            ValueConversionKind.TimestampTz => ZeroDate(c, column, conversion.SourceUtcOffset == TimeSpan.Zero
                ? Microseconds(c, column)
                : $"DATE_FORMAT({Shift(c, conversion)}, '%Y-%m-%d %H:%i:%s.%f')"),
            ValueConversionKind.Interval or ValueConversionKind.Time => $"CAST(TIME_TO_SEC({c}) * 1000000 AS SIGNED)",
            ValueConversionKind.Uuid => $"LOWER({Utf8(column)})",
            ValueConversionKind.BinaryToUuid =>
                $"LOWER(CONCAT_WS('-', SUBSTR(HEX({c}), 1, 8), SUBSTR(HEX({c}), 9, 4), SUBSTR(HEX({c}), 13, 4), SUBSTR(HEX({c}), 17, 4), SUBSTR(HEX({c}), 21, 12)))",
            ValueConversionKind.Bits or ValueConversionKind.BitToText =>
                $"LPAD(BIN({c} + 0), {conversion.BitLength.ToString(CultureInfo.InvariantCulture)}, '0')",
            _ => Utf8(column),
        };
    }

    /// <summary>
    /// One field of the row string. Kinds whose canonical text can contain any character are length-prefixed
    /// (<c>5:hello</c>); the others can contain neither ',' nor '~' and are written as is. NULL is '~', which no
    /// field can be, so NULL, '' and 'NULL' hash differently. Every field ends with ','.
    /// </summary>
    public static string Field(PgColumnMapping column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var x = Expression(column);
        if (CanonicalSqlKinds.IsFreeText(column.Cast))
        {
            // The byte length (cheaper than CHAR_LENGTH, and the same UTF-8 bytes on both sides). COLLATE only tags
            // the value: an explicit collation keeps CONCAT from refusing to mix the columns' utf8mb4 collations.
            x = $"({x}) COLLATE utf8mb4_bin";
            return CanonicalSqlKinds.MayBeNull(column) ? $"COALESCE(CONCAT(LENGTH({x}), ':', {x}), '~'), ','" : $"LENGTH({x}), ':', {x}, ','";
        }

        return CanonicalSqlKinds.MayBeNull(column) ? $"COALESCE({x}, '~'), ','" : $"{x}, ','";
    }

    /// <summary>The row's 64-bit hash, unsigned: the first 16 hex digits of the MD5 of the row string.</summary>
    public static string RowHash(IEnumerable<PgColumnMapping> columns) =>
        $"CAST(CONV(LEFT(MD5(CONCAT({string.Join(", ", columns.Select(Field))})), 16), 16, 10) AS UNSIGNED)";

    /// <summary>
    /// A float rounded to <paramref name="digits"/> significant digits as <c>{mantissa}e{exponent}</c>, computed
    /// with the same IEEE operations PostgreSQL runs (floor, log10, pow), half up. When rounding carries into an
    /// extra digit (9.999995 → 10.0000) it is renormalized, so both sides agree across a power of ten.
    /// </summary>
    private static string Float(string v, int digits)
    {
        var d = digits.ToString(CultureInfo.InvariantCulture);
        var limit = "1e" + d;
        var e0 = $"FLOOR(LOG10(ABS({v})))";
        var k = $"({digits - 1} - {e0})";
        var m0 = $"FLOOR({v} * POW(10, FLOOR({k} / 2)) * POW(10, {k} - FLOOR({k} / 2)) + 0.5)";
        return $"CASE WHEN {v} IS NULL THEN NULL WHEN {v} = 0 THEN '0' "
            + $"WHEN ABS({m0}) >= {limit} THEN CONCAT(CAST({m0} / 10 AS SIGNED), 'e', CAST({e0} + 1 AS SIGNED)) "
            + $"ELSE CONCAT(CAST({m0} AS SIGNED), 'e', CAST({e0} AS SIGNED)) END";
    }

    /// <summary>
    /// Zero dates become what the copy made of them (NULL or -infinity). TIMESTAMP can only hold the all-zero
    /// value (a cheap comparison); DATE and DATETIME can hold partly zero dates, which TO_DAYS() rejects, and
    /// year-0 dates, which the copy treats as zero too.
    /// </summary>
    private static string ZeroDate(string c, PgColumnMapping column, string formatted)
    {
        var zero = column.Cast.Conversion.ZeroDates switch
        {
            ZeroDatePolicy.NegativeInfinity => "'-infinity'",
            _ => "NULL",
        };
        return column.Source.Type.Family == MySqlTypeFamily.Timestamp
            ? $"IF({c} = 0, {zero}, {formatted})"
            : $"IF({c} IS NULL, NULL, IF(TO_DAYS({c}) IS NULL OR {c} < '0001-01-01', {zero}, {formatted}))";
    }

    /// <summary>
    /// The server's own text of a date/time (much cheaper than DATE_FORMAT on both sides), shaped like PostgreSQL's
    /// text output in a UTC session: fractional zeros trimmed (<c>.500000</c> → <c>.5</c>, <c>.000000</c> → nothing)
    /// and <c>+00</c> for timestamptz.
    /// </summary>
    private static string Microseconds(string c, PgColumnMapping column)
    {
        var type = column.Source.Type;
        var zone = column.Cast.Conversion.Kind == ValueConversionKind.TimestampTz ? "+00" : string.Empty;
        if (type.Family == MySqlTypeFamily.Date)
        {
            return $"CONCAT({c}, ' 00:00:00{zone}')";
        }

        var text = type.FractionalSeconds == 0 ? $"CAST({c} AS CHAR)" : $"TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST({c} AS CHAR)))";
        return zone.Length == 0 ? text : $"CONCAT({text}, '{zone}')";
    }

    /// <summary>The column as utf8mb4 text; converted only when the column is stored in another character set.</summary>
    private static bool IsBinary(SourceColumn column) =>
        column.Type.Family is MySqlTypeFamily.Binary or MySqlTypeFamily.Blob or MySqlTypeFamily.Bit or MySqlTypeFamily.Spatial
        || string.Equals(column.Charset, "binary", StringComparison.OrdinalIgnoreCase);

    private static string Utf8(PgColumnMapping column)
    {
        var c = MySqlIdentifier.Quote(column.Source.Name);
        return column.Source.Charset is null ? $"CAST({c} AS CHAR)" : column.Source.Charset == "utf8mb4" ? c : $"CONVERT({c} USING utf8mb4)";
    }

    private static string Shift(string c, ValueConversion conversion) =>
        conversion.SourceUtcOffset == TimeSpan.Zero
            ? c
            : $"DATE_SUB({c}, INTERVAL {((long)conversion.SourceUtcOffset.TotalSeconds).ToString(CultureInfo.InvariantCulture)} SECOND)";
}
