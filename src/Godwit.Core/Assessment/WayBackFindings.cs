using System.Globalization;
using Godwit.Core.Schema;
using Godwit.Core.Types;

namespace Godwit.Core.Assessment;

/// <summary>
/// The columns whose PostgreSQL type takes values the source's MySQL column cannot hold, so that a write the
/// application makes on PostgreSQL after the cutover could not go back by the reverse stream (issue #17: the gates
/// and assess name the types that cannot go back losslessly). The reverse stream does not change such a value: it
/// stops at the row, naming table, key and column; a rollback then waits for the operator. Listed before anything
/// runs, so the application (or a CHECK constraint on the target) can keep to the source's range.
/// </summary>
public static class WayBackFindings
{
    public const string Code = "way-back";

    /// <summary>One finding per column that cannot always go back, in column order.</summary>
    public static IEnumerable<Finding> For(SchemaCasts casts)
    {
        ArgumentNullException.ThrowIfNull(casts);
        foreach (var cast in casts.All.OrderBy(c => c.QualifiedColumn, StringComparer.Ordinal))
        {
            if (Reason(cast) is { } reason)
            {
                yield return new Finding(
                    Severity.Info,
                    Code,
                    $"{cast.TargetType} → {cast.Column.Type.ColumnType} after a cutover: {reason}",
                    $"column {cast.QualifiedColumn}",
                    "keep the application to the source's range (or add a CHECK on the target) if the way back must stay open");
            }
        }
    }

    /// <summary>Why values written on PostgreSQL may not fit the source column, or null when every one does.</summary>
    public static string? Reason(ColumnCast cast)
    {
        ArgumentNullException.ThrowIfNull(cast);
        var source = cast.Column.Type;
        var target = cast.TargetType;
        if (target.IsArray)
        {
            return source.Family == MySqlTypeFamily.Set
                ? "elements that are not members of the SET, or that hold a comma, have no SET value"
                : null;
        }

        return (source.Family, target.Name) switch
        {
            (MySqlTypeFamily.Integer, _) when target.IsInteger || target.Name == "numeric" => IntegerReason(source, target),
            (MySqlTypeFamily.Year, _) => "YEAR holds 1901 to 2155 (and 0000) only",
            (MySqlTypeFamily.Float or MySqlTypeFamily.Double, "real" or "double precision") => "NaN and ±Infinity have no MySQL value",
            (MySqlTypeFamily.Date, "date") => "dates before year 1000, BC dates and ±infinity have no MySQL DATE",
            (MySqlTypeFamily.DateTime, "timestamp" or "timestamptz") => "timestamps before year 1000 or after 9999 and ±infinity have no MySQL DATETIME",
            (MySqlTypeFamily.Timestamp, "timestamp" or "timestamptz") => "MySQL's TIMESTAMP holds 1970-01-01 to 2038-01-19 UTC only",
            (MySqlTypeFamily.Time, "interval") => "an interval of months or years, or beyond ±838:59:59, has no MySQL TIME",
            (MySqlTypeFamily.Enum, _) when target.IsTextLike && cast.EnumPolicy == EnumPolicy.Text => "any text is taken on PostgreSQL; the ENUM holds its labels only",
            (MySqlTypeFamily.Char or MySqlTypeFamily.Text, _) when target.IsTextLike => TextReason(cast),
            (MySqlTypeFamily.Binary or MySqlTypeFamily.Blob, "bytea") => BytesReason(source),
            _ => null,
        };
    }

    private static string? IntegerReason(MySqlType source, PgTypeName target)
    {
        if (source.IsTinyIntOne && target.Name == "boolean")
        {
            return null;
        }

        var bits = source.IntegerBytes * 8;
        if (bits == 0)
        {
            return null;
        }

        var (low, high) = source.Unsigned ? (0m, PowerOfTwo(bits) - 1) : (-PowerOfTwo(bits - 1), PowerOfTwo(bits - 1) - 1);
        var (targetLow, targetHigh) = target.Name switch
        {
            "smallint" => ((decimal)short.MinValue, (decimal)short.MaxValue),
            "integer" => ((decimal)int.MinValue, (decimal)int.MaxValue),
            "bigint" => ((decimal)long.MinValue, (decimal)long.MaxValue),
            _ => (decimal.MinValue, decimal.MaxValue),
        };
        return targetLow < low || targetHigh > high
            ? string.Create(CultureInfo.InvariantCulture, $"{source.ColumnType} holds {low} to {high} only")
            : null;
    }

    /// <summary>2^<paramref name="exponent"/> exactly (a double would round 2^64 to 15 digits).</summary>
    private static decimal PowerOfTwo(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < exponent; i++)
        {
            value *= 2;
        }

        return value;
    }

    private static string? TextReason(ColumnCast cast)
    {
        var charset = cast.Column.Charset;
        if (charset is not null && !charset.StartsWith("utf8mb4", StringComparison.OrdinalIgnoreCase) && !charset.Equals("binary", StringComparison.OrdinalIgnoreCase))
        {
            return $"the column's character set is {charset}: characters outside it (emoji, for {charset}) have no value there";
        }

        var limit = cast.Column.Type.Name switch
        {
            "tinytext" => "255 bytes",
            "text" => "65,535 bytes",
            "mediumtext" => "16 MB",
            _ => null,
        };
        return limit is not null && cast.TargetType.Modifiers is null
            ? $"{cast.Column.Type.ColumnType.ToUpperInvariant()} holds {limit}; PostgreSQL's text has no such limit"
            : null;
    }

    private static string? BytesReason(MySqlType source) => source.Name switch
    {
        "binary" or "varbinary" => $"{source.ColumnType} holds {source.Length?.ToString(CultureInfo.InvariantCulture) ?? "?"} bytes; bytea has no limit",
        "tinyblob" => "TINYBLOB holds 255 bytes; bytea has no limit",
        "blob" => "BLOB holds 65,535 bytes; bytea has no limit",
        "mediumblob" => "MEDIUMBLOB holds 16 MB; bytea has no limit",
        _ => null,
    };
}
