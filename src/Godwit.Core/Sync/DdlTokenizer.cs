using System.Text;

namespace Godwit.Core.Sync;

/// <summary>
/// Splits a MySQL/MariaDB statement into tokens the way the server's lexer does for what DDL needs:
/// `quoted` identifiers with doubled backquotes, strings with backslash and doubled-quote escapes,
/// comments (<c>-- </c>, <c>#</c>, <c>/* */</c>) skipped, and executable comments (<c>/*! … */</c>,
/// <c>/*M! … */</c>) read as statement text, as the server executes them.
/// </summary>
public static class DdlTokenizer
{
    public static IReadOnlyList<DdlToken> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<DdlToken>();
        var i = 0;
        var executableComments = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#' || (c == '-' && At(sql, i, "--") && (i + 2 >= sql.Length || char.IsWhiteSpace(sql[i + 2]))))
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }
            }
            else if (At(sql, i, "/*!") || At(sql, i, "/*M!"))
            {
                i += sql[i + 2] == 'M' ? 4 : 3;
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }

                executableComments++;
            }
            else if (At(sql, i, "*/") && executableComments > 0)
            {
                executableComments--;
                i += 2;
            }
            else if (At(sql, i, "/*"))
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else if (c == '`')
            {
                var start = i;
                tokens.Add(new DdlToken(DdlTokenKind.QuotedIdentifier, ReadQuoted(sql, ref i, '`', backslashEscapes: false)) { Start = start, End = i });
            }
            else if (c is '\'' or '"')
            {
                var start = i;
                tokens.Add(new DdlToken(DdlTokenKind.String, ReadQuoted(sql, ref i, c, backslashEscapes: true)) { Start = start, End = i });
            }
            else if (char.IsAsciiDigit(c) && (tokens.Count == 0 || !tokens[^1].IsSymbol('.')))
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '.' || sql[i] == '_' || sql[i] == '$'))
                {
                    i++;
                }

                var text = sql[start..i];
                tokens.Add(new DdlToken(text.All(ch => char.IsAsciiDigit(ch) || ch == '.') ? DdlTokenKind.Number : DdlTokenKind.Word, text) { Start = start, End = i });
            }
            else if (IsWordChar(c))
            {
                var start = i;
                while (i < sql.Length && IsWordChar(sql[i]))
                {
                    i++;
                }

                tokens.Add(new DdlToken(DdlTokenKind.Word, sql[start..i]) { Start = start, End = i });
            }
            else
            {
                tokens.Add(new DdlToken(DdlTokenKind.Symbol, c.ToString()) { Start = i, End = i + 1 });
                i++;
            }
        }

        tokens.Add(new DdlToken(DdlTokenKind.End, string.Empty) { Start = sql.Length, End = sql.Length });
        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c > '\u007f';

    private static bool At(string sql, int i, string what) => string.CompareOrdinal(sql, i, what, 0, what.Length) == 0;

    private static string ReadQuoted(string sql, ref int i, char quote, bool backslashEscapes)
    {
        var text = new StringBuilder();
        i++;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (backslashEscapes && c == '\\' && i + 1 < sql.Length)
            {
                text.Append(sql[i + 1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', var other => other });
                i += 2;
            }
            else if (c == quote && i + 1 < sql.Length && sql[i + 1] == quote)
            {
                text.Append(quote);
                i += 2;
            }
            else if (c == quote)
            {
                i++;
                return text.ToString();
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return text.ToString();
    }
}
