using System.Globalization;
using System.Text;

namespace Godwit.Core.Schema;

/// <summary>
/// A source column type parsed from information_schema.COLUMNS.COLUMN_TYPE, e.g.
/// <c>tinyint(1) unsigned zerofill</c>, <c>decimal(10,2)</c>, <c>enum('a','b')</c>, <c>datetime(6)</c>.
/// </summary>
public sealed record MySqlType
{
    /// <summary>The base name, lower case (<c>int</c>, <c>varchar</c>, <c>longtext</c>, <c>inet6</c>…).</summary>
    public required string Name { get; init; }

    /// <summary>The full COLUMN_TYPE text as the server showed it.</summary>
    public required string ColumnType { get; init; }

    public bool Unsigned { get; init; }

    public bool Zerofill { get; init; }

    /// <summary>The first parenthesised number: display width for integers, length for char/binary/bit, precision for decimal, fsp for temporal types.</summary>
    public int? Length { get; init; }

    /// <summary>The second parenthesised number: the scale of <c>decimal(p,s)</c> or <c>float(m,d)</c>.</summary>
    public int? Scale { get; init; }

    /// <summary>The labels of an ENUM or SET.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>MariaDB's JSON: declared JSON, stored as LONGTEXT with a <c>json_valid()</c> CHECK.</summary>
    public bool IsJsonAlias { get; init; }

    public MySqlTypeFamily Family => IsJsonAlias ? MySqlTypeFamily.Json : FamilyOf(Name);

    /// <summary>tinyint(1), MySQL's boolean convention.</summary>
    public bool IsTinyIntOne => Name == "tinyint" && Length == 1;

    /// <summary>Fractional second digits of TIME/DATETIME/TIMESTAMP (0-6).</summary>
    public int FractionalSeconds => Family is MySqlTypeFamily.Time or MySqlTypeFamily.DateTime or MySqlTypeFamily.Timestamp ? Length ?? 0 : 0;

    /// <summary>Max length in characters of the text types (char/varchar length, or the fixed text maxima).</summary>
    public long? CharacterLength => Name switch
    {
        "char" or "varchar" or "binary" or "varbinary" => Length,
        "tinytext" or "tinyblob" => 255,
        "text" or "blob" => 65_535,
        "mediumtext" or "mediumblob" => 16_777_215,
        "longtext" or "longblob" => 4_294_967_295,
        _ => null,
    };

    public static MySqlTypeFamily FamilyOf(string name) => name switch
    {
        "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" => MySqlTypeFamily.Integer,
        "decimal" or "numeric" or "dec" or "fixed" => MySqlTypeFamily.Decimal,
        "float" => MySqlTypeFamily.Float,
        "double" or "real" or "double precision" => MySqlTypeFamily.Double,
        "bit" => MySqlTypeFamily.Bit,
        "date" => MySqlTypeFamily.Date,
        "datetime" => MySqlTypeFamily.DateTime,
        "timestamp" => MySqlTypeFamily.Timestamp,
        "time" => MySqlTypeFamily.Time,
        "year" => MySqlTypeFamily.Year,
        "char" or "varchar" => MySqlTypeFamily.Char,
        "tinytext" or "text" or "mediumtext" or "longtext" => MySqlTypeFamily.Text,
        "binary" or "varbinary" => MySqlTypeFamily.Binary,
        "tinyblob" or "blob" or "mediumblob" or "longblob" => MySqlTypeFamily.Blob,
        "enum" => MySqlTypeFamily.Enum,
        "set" => MySqlTypeFamily.Set,
        "json" => MySqlTypeFamily.Json,
        "uuid" => MySqlTypeFamily.Uuid,
        "inet4" => MySqlTypeFamily.Inet4,
        "inet6" => MySqlTypeFamily.Inet6,
        "geometry" or "point" or "linestring" or "polygon" or "multipoint" or "multilinestring" or "multipolygon"
            or "geometrycollection" or "geomcollection" => MySqlTypeFamily.Spatial,
        _ => MySqlTypeFamily.Unknown,
    };

    /// <summary>The integer's byte width (1, 2, 3, 4, 8), or 0 when not an integer.</summary>
    public int IntegerBytes => Name switch
    {
        "tinyint" => 1,
        "smallint" => 2,
        "mediumint" => 3,
        "int" or "integer" => 4,
        "bigint" => 8,
        _ => 0,
    };

    /// <summary>
    /// A column type of a source that is not MySQL (a PostgreSQL source's <c>format_type</c> text), carried verbatim:
    /// its family is <see cref="MySqlTypeFamily.Unknown"/>, and only the same engine's mapper reads it.
    /// </summary>
    public static MySqlType Foreign(string typeText)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeText);
        return new MySqlType { Name = typeText, ColumnType = typeText, IsForeign = true };
    }

    /// <summary>A type of another engine (<see cref="Foreign"/>), not a MySQL one.</summary>
    public bool IsForeign { get; init; }

    /// <summary>Parses a COLUMN_TYPE such as <c>int(10) unsigned</c> or <c>enum('a','it''s')</c>.</summary>
    public static MySqlType Parse(string columnType)
    {
        ArgumentNullException.ThrowIfNull(columnType);
        var text = columnType.Trim();
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var nameEnd = open >= 0 ? open : text.Length;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space >= 0 && space < nameEnd)
        {
            nameEnd = space;
        }

        var name = text[..nameEnd].Trim().ToLowerInvariant();
        int? length = null;
        int? scale = null;
        List<string> labels = [];
        var rest = text[nameEnd..];
        if (open >= 0 && open == nameEnd)
        {
            var close = FindClosingParen(text, open);
            var args = text[(open + 1)..close];
            rest = text[(close + 1)..];
            if (name is "enum" or "set")
            {
                labels = ParseLabels(args);
            }
            else
            {
                var parts = args.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length > 0 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var l))
                {
                    length = l;
                }

                if (parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s))
                {
                    scale = s;
                }
            }
        }

        var flags = rest.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (name == "double" && flags.Contains("precision"))
        {
            name = "double";
        }

        return new MySqlType
        {
            Name = name,
            ColumnType = columnType,
            Unsigned = flags.Contains("unsigned"),
            Zerofill = flags.Contains("zerofill"),
            Length = length,
            Scale = scale,
            Labels = labels,
        };
    }

    private static int FindClosingParen(string text, int open)
    {
        var inQuote = false;
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuote)
            {
                if (c == '\\' && i + 1 < text.Length)
                {
                    i++;
                }
                else if (c == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        i++;
                    }
                    else
                    {
                        inQuote = false;
                    }
                }
            }
            else if (c == '\'')
            {
                inQuote = true;
            }
            else if (c == ')')
            {
                return i;
            }
        }

        throw new FormatException($"Unbalanced parentheses in column type '{text}'.");
    }

    /// <summary>Parses <c>'a','it''s','x\\y'</c>: SQL-quoted labels separated by commas.</summary>
    internal static List<string> ParseLabels(string args)
    {
        var labels = new List<string>();
        var sb = new StringBuilder();
        var i = 0;
        while (i < args.Length)
        {
            while (i < args.Length && args[i] is ' ' or ',')
            {
                i++;
            }

            if (i >= args.Length)
            {
                break;
            }

            if (args[i] != '\'')
            {
                throw new FormatException($"Expected a quoted label in '{args}'.");
            }

            i++;
            sb.Clear();
            while (i < args.Length)
            {
                var c = args[i];
                if (c == '\'' && i + 1 < args.Length && args[i + 1] == '\'')
                {
                    sb.Append('\'');
                    i += 2;
                }
                else if (c == '\'')
                {
                    i++;
                    break;
                }
                else if (c == '\\' && i + 1 < args.Length)
                {
                    sb.Append(args[i + 1]);
                    i += 2;
                }
                else
                {
                    sb.Append(c);
                    i++;
                }
            }

            labels.Add(sb.ToString());
        }

        return labels;
    }

    public override string ToString() => ColumnType;
}
