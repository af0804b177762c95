using System.Globalization;
using System.Text.RegularExpressions;

namespace Godwit.Core.Types;

/// <summary>
/// A PostgreSQL column type (as <c>format_type</c> prints it) as the MySQL/MariaDB type that holds its values: the
/// types Godwit's own MySQL → PostgreSQL mapping produces map back to what they came from, and the common PostgreSQL
/// types to their nearest MySQL type. A type that cannot hold every value is returned with the reason, which assess
/// and <c>schema</c> show.
/// </summary>
public static partial class PgToMySqlTypes
{
    /// <summary>The MySQL type for <paramref name="pgType"/>, and why values may not survive it (null when they all do).</summary>
    public static (string Type, string? Lossy) Map(string pgType)
    {
        ArgumentNullException.ThrowIfNull(pgType);
        if (pgType.EndsWith("[]", StringComparison.Ordinal))
        {
            // Godwit makes text[] from a SET; other arrays have no MySQL type.
            return pgType is "text[]" or "character varying[]"
                ? ("TEXT", "an array becomes its elements joined by commas (MySQL SET text): elements holding a comma do not survive")
                : ("JSON", "an array becomes JSON text");
        }

        var m = TypeWithModifiers().Match(pgType);
        var name = m.Success ? m.Groups[1].Value.Trim() : pgType;
        var modifiers = m.Success ? m.Groups[2].Value : null;
        return name switch
        {
            "smallint" => ("SMALLINT", null),
            "integer" => ("INT", null),
            "bigint" => ("BIGINT", null),
            "numeric" when modifiers is not null => ($"DECIMAL({modifiers})", Precision(modifiers)),
            "numeric" => ("DECIMAL(65,30)", "numeric without a precision: MySQL's DECIMAL keeps 65 digits, 30 after the point"),
            "real" => ("FLOAT", "NaN and Infinity have no MySQL FLOAT"),
            "double precision" => ("DOUBLE", "NaN and Infinity have no MySQL DOUBLE"),
            "boolean" => ("TINYINT(1)", null),
            "text" => ("LONGTEXT", null),
            "character varying" when modifiers is not null => ($"VARCHAR({modifiers})", null),
            "character varying" => ("LONGTEXT", null),
            "character" => ($"CHAR({modifiers ?? "1"})", null),
            "bytea" => ("LONGBLOB", null),
            "date" => ("DATE", "dates before year 1000, BC dates and infinity have no MySQL DATE"),
            "timestamp without time zone" => ($"DATETIME({Fraction(modifiers)})", "timestamps before year 1000 and infinity have no MySQL DATETIME"),
            "timestamp with time zone" => ($"DATETIME({Fraction(modifiers)})", "a timestamptz is kept as its UTC time in a DATETIME (MySQL's TIMESTAMP ends in 2038)"),
            "time without time zone" => ($"TIME({Fraction(modifiers)})", null),
            "interval" => ("TIME(6)", "an interval is kept as a TIME (±838:59:59): months, years and longer spans do not survive"),
            "json" or "jsonb" => ("JSON", null),
            "uuid" => ("UUID", null),
            "inet" or "cidr" => ("VARCHAR(43)", "an address is kept as its text"),
            "bit" => ($"BIT({modifiers ?? "1"})", null),
            "bit varying" => ($"BIT({modifiers ?? "64"})", null),
            _ => ("LONGTEXT", $"{pgType} has no MySQL type: kept as its text"),
        };
    }

    private static string? Precision(string modifiers) =>
        int.TryParse(modifiers.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p > 65
            ? $"numeric({modifiers}) has more digits than MySQL's DECIMAL (65)"
            : null;

    private static string Fraction(string? modifiers) =>
        int.TryParse(modifiers, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? Math.Min(p, 6).ToString(CultureInfo.InvariantCulture) : "6";

    // "timestamp(3) with time zone" prints its modifier in the middle; "numeric(10,2)" at the end.
    [GeneratedRegex(@"^([a-z ]+?)\s*\(([0-9, ]+)\)(.*)$")]
    private static partial Regex TypeWithModifiers();
}
