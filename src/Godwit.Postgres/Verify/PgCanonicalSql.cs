using System.Globalization;
using Godwit.Core.Ddl;
using Godwit.Core.Types;
using Godwit.Core.Verify;

namespace Godwit.Postgres.Verify;

/// <summary>
/// The PostgreSQL half of checksum mode: for each column, an SQL expression giving exactly the canonical text
/// <c>MySqlCanonicalSql</c> gives for the source value the copy converted (the session runs with
/// <c>DateStyle = ISO</c> and <c>TimeZone = UTC</c>). See docs/verify.md for the per-type decisions.
/// </summary>
public static class PgCanonicalSql
{
    public static string Expression(PgColumnMapping column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var c = PgIdentifier.Quote(column.Name);
        var conversion = column.Cast.Conversion;
        return conversion.Kind switch
        {
            ValueConversionKind.Bytes or ValueConversionKind.Wkb => $"upper(encode({c}, 'hex'))",
            ValueConversionKind.IntegerToBoolean or ValueConversionKind.BitToBoolean => $"CASE WHEN {c} THEN 't' ELSE 'f' END",
            ValueConversionKind.Real or ValueConversionKind.Double => Float($"{c}::float8", conversion.Kind == ValueConversionKind.Real ? 9 : 15),
            ValueConversionKind.Date => $"{c}::text",
            // The plain text in a UTC, ISO session (to_char costs twice as much); infinities print as such.
            ValueConversionKind.Timestamp => $"{c}::text",
            ValueConversionKind.TimestampTz when column.Cast.Conversion.SourceUtcOffset == TimeSpan.Zero => $"{c}::text",
            ValueConversionKind.TimestampTz => $"CASE WHEN isfinite({c}) THEN to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') ELSE {c}::text END",
            ValueConversionKind.Interval or ValueConversionKind.Time => $"(extract(epoch from {c}) * 1000000)::bigint::text",
            ValueConversionKind.Inet => $"host({c})",
            ValueConversionKind.SetToArray => $"array_to_string({c}, ',')",
            _ => $"{c}::text",
        };
    }

    /// <summary>One field of the row string; see <c>MySqlCanonicalSql.Field</c>.</summary>
    public static string Field(PgColumnMapping column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var x = $"({Expression(column)})";
        if (CanonicalSqlKinds.IsFreeText(column.Cast))
        {
            return CanonicalSqlKinds.MayBeNull(column) ? $"coalesce(octet_length({x})::text || ':' || {x}, '~') || ','" : $"octet_length({x})::text || ':' || {x} || ','";
        }

        return CanonicalSqlKinds.MayBeNull(column) ? $"coalesce({x}, '~') || ','" : $"{x} || ','";
    }

    /// <summary>The row's 64-bit hash as a signed bigint with the same bits as MySQL's unsigned one.</summary>
    public static string RowHash(IEnumerable<PgColumnMapping> columns) =>
        $"('x' || substr(md5({string.Join(" || ", columns.Select(Field))}), 1, 16))::bit(64)::bigint";

    private static string Float(string v, int digits)
    {
        var limit = "1e" + digits.ToString(CultureInfo.InvariantCulture);
        var e0 = $"floor(log(abs({v})))";
        var k = $"({digits - 1} - {e0})";
        var m0 = $"floor({v} * power(10::float8, floor({k} / 2)) * power(10::float8, {k} - floor({k} / 2)) + 0.5)";
        return $"CASE WHEN {v} IS NULL THEN NULL WHEN {v} = 0 THEN '0' "
            + $"WHEN abs({m0}) >= {limit} THEN ({m0} / 10)::bigint::text || 'e' || ({e0} + 1)::bigint::text "
            + $"ELSE ({m0})::bigint::text || 'e' || ({e0})::bigint::text END";
    }
}
