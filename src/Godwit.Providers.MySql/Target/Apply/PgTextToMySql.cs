using System.Globalization;
using System.Text;

namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>
/// A value in PostgreSQL's text output (what a PostgreSQL change stream carries) as the parameter a MySQL column takes:
/// booleans as 1/0, bytea from its hex form (a spatial column gets MySQL's SRID prefix back), timestamptz as its UTC
/// time, an interval as a TIME, a text array as a SET's comma list, a bit string as its number. A value MySQL cannot
/// hold (infinity, NaN, a month interval) is refused, never changed.
/// </summary>
internal static class PgTextToMySql
{
    /// <summary>The parameter for <paramref name="text"/> of PostgreSQL type <paramref name="pgType"/> going into <paramref name="column"/>.</summary>
    /// <exception cref="FormatException">The value has no MySQL form; the message says why.</exception>
    public static object Convert(string pgType, ReadOnlySpan<byte> text, MySqlTargetColumn column)
    {
        var value = Encoding.UTF8.GetString(text);
        var type = BaseName(pgType);
        switch (type)
        {
            case "boolean":
                return value == "t" ? 1L : 0L;
            case "bytea":
                var bytes = Bytea(value);
                // Godwit's MySQL → PostgreSQL copy keeps a spatial value as WKB: MySQL stores a 4-byte SRID before it.
                return column.IsSpatial ? [0, 0, 0, 0, .. bytes] : bytes;
            case "timestamp with time zone":
                return Infinite(value) ?? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                    .UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            case "timestamp without time zone" or "date":
                return Infinite(value) ?? (value.EndsWith(" BC", StringComparison.Ordinal) ? throw new FormatException($"{value}: MySQL has no BC dates") : value);
            case "interval":
                return Interval(value);
            case "real" or "double precision" or "numeric":
                return value is "NaN" or "Infinity" or "-Infinity" ? throw new FormatException($"{value}: MySQL numbers have no {value}") : value;
            case "bit" or "bit varying":
                return column.DataType == "bit" ? System.Convert.ToInt64(value.Length == 0 ? "0" : value, 2) : value;
            case "inet" or "cidr":
                return value;
            default:
                if (pgType.EndsWith("[]", StringComparison.Ordinal))
                {
                    return column.DataType is "set" or "enum" or "varchar" or "char" or "text" or "tinytext" or "mediumtext" or "longtext"
                        ? string.Join(',', ArrayElements(value))
                        : value;
                }

                return column.IsBinary && !column.IsSpatial ? Encoding.UTF8.GetBytes(value) : value;
        }
    }

    private static string BaseName(string pgType)
    {
        // timestamp(3) with time zone → timestamp with time zone; numeric(10,2) → numeric.
        var open = pgType.IndexOf('(', StringComparison.Ordinal);
        if (open < 0 || pgType.EndsWith("[]", StringComparison.Ordinal))
        {
            return pgType;
        }

        var close = pgType.IndexOf(')', open);
        return (pgType[..open] + (close >= 0 ? pgType[(close + 1)..] : string.Empty)).Trim();
    }

    private static string? Infinite(string value) =>
        value is "infinity" or "-infinity" ? throw new FormatException($"{value}: MySQL dates and times have no infinity") : null;

    private static byte[] Bytea(string value) =>
        value.StartsWith("\\x", StringComparison.Ordinal)
            ? System.Convert.FromHexString(value.AsSpan(2))
            : throw new FormatException("bytea not in hex output (bytea_output = escape): set bytea_output = hex on the source");

    /// <summary>PostgreSQL's interval output (<c>[N day[s]] [-]HH:MM:SS[.ffffff]</c>, IntervalStyle postgres) as MySQL TIME text.</summary>
    private static string Interval(string value)
    {
        var days = 0L;
        var rest = value.Trim();
        if (rest.Contains("mon", StringComparison.Ordinal) || rest.Contains("year", StringComparison.Ordinal))
        {
            throw new FormatException($"{value}: an interval of months or years has no MySQL TIME");
        }

        var dayAt = rest.IndexOf(" day", StringComparison.Ordinal);
        if (dayAt > 0)
        {
            days = long.Parse(rest[..dayAt], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var after = rest.IndexOf(' ', dayAt + 1);
            rest = after < 0 ? "00:00:00" : rest[(after + 1)..].Trim();
        }

        var negative = rest.StartsWith('-');
        var parts = rest.TrimStart('-', '+').Split(':');
        if (parts.Length != 3)
        {
            throw new FormatException($"{value}: not an interval this stream can read (IntervalStyle postgres)");
        }

        var sign = negative ? -1m : 1m;
        var time = (decimal.Parse(parts[0], CultureInfo.InvariantCulture) * 3600m) + (decimal.Parse(parts[1], CultureInfo.InvariantCulture) * 60m)
            + decimal.Parse(parts[2], CultureInfo.InvariantCulture);
        var total = (days * 86400m) + (sign * time);
        var abs = Math.Abs(total);
        var whole = decimal.Floor(abs);
        var micros = (long)((abs - whole) * 1_000_000m);
        var hours = (long)decimal.Floor(whole / 3600m);
        var minutes = (long)decimal.Floor(whole % 3600m / 60m);
        var secs = (long)(whole % 60m);
        return string.Create(CultureInfo.InvariantCulture, $"{(total < 0 ? "-" : string.Empty)}{hours:00}:{minutes:00}:{secs:00}.{micros:000000}");
    }

    /// <summary>The elements of a one-dimensional array literal (<c>{a,"b c",NULL}</c>), quotes and escapes removed.</summary>
    private static IEnumerable<string> ArrayElements(string literal)
    {
        var body = literal.Length >= 2 && literal[0] == '{' && literal[^1] == '}' ? literal[1..^1] : literal;
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length)
            {
                current.Append(body[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                yield return current.ToString();
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (body.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
