using System.Text;
using System.Text.RegularExpressions;
using Godwit.Core.Schema;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Introspection;

/// <summary>
/// The one place where information_schema.COLUMNS.COLUMN_DEFAULT is read, because MySQL and MariaDB
/// disagree. MariaDB (10.2.7+) shows SQL: quoted literals (<c>'abc'</c>), the word <c>NULL</c> for
/// DEFAULT NULL, <c>current_timestamp()</c>, bare numbers and other expressions. MySQL shows the raw
/// literal unquoted (<c>abc</c>), SQL NULL for DEFAULT NULL, <c>CURRENT_TIMESTAMP</c>, and flags
/// expressions with <c>DEFAULT_GENERATED</c> in EXTRA (8.0.13+).
/// </summary>
public static partial class MySqlDefaultParser
{
    public static ColumnDefault Parse(string? columnDefault, string? extra, bool isMariaDb, bool isNullable)
    {
        extra ??= string.Empty;
        if (isMariaDb)
        {
            return ParseMariaDb(columnDefault);
        }

        if (columnDefault is null)
        {
            return isNullable ? ColumnDefault.Null : ColumnDefault.None;
        }

        if (CurrentTimestamp().Match(columnDefault) is { Success: true } m)
        {
            return ColumnDefault.CurrentTimestamp(Fsp(m));
        }

        if (extra.Contains("DEFAULT_GENERATED", StringComparison.OrdinalIgnoreCase))
        {
            return ColumnDefault.Expression(columnDefault);
        }

        return ColumnDefault.Literal(columnDefault);
    }

    private static ColumnDefault ParseMariaDb(string? columnDefault)
    {
        if (columnDefault is null)
        {
            return ColumnDefault.None;
        }

        var v = columnDefault.Trim();
        if (v.Equals("NULL", StringComparison.OrdinalIgnoreCase))
        {
            return ColumnDefault.Null;
        }

        if (v.Length >= 2 && v[0] == '\'' && v[^1] == '\'')
        {
            return ColumnDefault.Literal(Unquote(v));
        }

        if (CurrentTimestamp().Match(v) is { Success: true } m)
        {
            return ColumnDefault.CurrentTimestamp(Fsp(m));
        }

        if (Number().IsMatch(v) || BitLiteral().IsMatch(v))
        {
            return ColumnDefault.Literal(v);
        }

        return ColumnDefault.Expression(v);
    }

    /// <summary>Undoes SQL quoting: <c>'it''s'</c> and <c>'a\\b'</c>.</summary>
    public static string Unquote(string quoted)
    {
        ArgumentNullException.ThrowIfNull(quoted);
        var sb = new StringBuilder();
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c == '\'' && i + 1 < quoted.Length - 1 && quoted[i + 1] == '\'')
            {
                sb.Append('\'');
                i++;
            }
            else if (c == '\\' && i + 1 < quoted.Length - 1)
            {
                var e = quoted[++i];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', 'Z' => '\u001a', 'b' => '\b', _ => e });
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static int Fsp(Match m) => m.Groups[1].Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?:current_timestamp|now|localtimestamp|localtime)(?:\(\s*(\d)?\s*\))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CurrentTimestamp();

    [GeneratedRegex(@"^-?\d+(\.\d+)?([eE][-+]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"^b'[01]*'$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BitLiteral();
}
