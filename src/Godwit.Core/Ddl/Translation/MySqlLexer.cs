using System.Text;

namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// Splits MySQL text (a view's SELECT, a trigger or routine body) into tokens: comments go (an executable
/// <c>/*!…*/</c> comment keeps its content), charset introducers go, strings are unescaped.
/// </summary>
public static class MySqlLexer
{
    private static readonly string[] Symbols = ["<=>", "->>", "<=", ">=", "<>", "!=", "&&", "||", ":=", "->", "<<", ">>"];

    public static List<SqlToken> Tokenize(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#' || (c == '-' && At(s, i, "--") && (i + 2 >= s.Length || char.IsWhiteSpace(s[i + 2]))))
            {
                while (i < s.Length && s[i] != '\n')
                {
                    i++;
                }
            }
            else if (At(s, i, "/*!"))
            {
                // Executable comment: /*!50705 text */ runs on servers at or past the version: keep the text.
                i += 3;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
            }
            else if (At(s, i, "/*"))
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? s.Length : end + 2;
            }
            else if (At(s, i, "*/"))
            {
                i += 2;
            }
            else if (c == '`')
            {
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, ReadQuoted(s, ref i, '`')));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(new SqlToken(SqlTokenKind.String, ReadString(s, ref i, c)));
            }
            else if (c == '@')
            {
                var start = i;
                i++;
                if (i < s.Length && s[i] == '@')
                {
                    i++;
                }

                if (i < s.Length && s[i] == '`')
                {
                    var name = ReadQuoted(s, ref i, '`');
                    tokens.Add(new SqlToken(SqlTokenKind.Variable, s[start..(s.IndexOf('`', start))] + name));
                    continue;
                }

                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '$' or '.'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Variable, s[start..i]));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]) && !PreviousIsName(tokens)))
            {
                var start = i;
                if (c == '0' && i + 1 < s.Length && s[i + 1] is 'x' or 'b')
                {
                    throw new UntranslatableException($"literal {ReadWord(s, ref i)}: hexadecimal and bit literals are typed differently in PostgreSQL");
                }

                while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.' || ((s[i] is 'e' or 'E') && i + 1 < s.Length && (char.IsAsciiDigit(s[i + 1]) || s[i + 1] is '-' or '+'))))
                {
                    i += s[i] is 'e' or 'E' ? 2 : 1;
                }

                if (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == '_'))
                {
                    // 1abc is a valid MySQL identifier.
                    while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '$'))
                    {
                        i++;
                    }

                    tokens.Add(new SqlToken(SqlTokenKind.Word, s[start..i]));
                    continue;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Number, s[start..i]));
            }
            else if (char.IsLetter(c) || c is '_' or '$')
            {
                var word = ReadWord(s, ref i);
                if (i < s.Length && s[i] is '\'' or '"' && word.StartsWith('_'))
                {
                    continue; // _utf8mb4'…': the charset introducer goes, the string follows.
                }

                if (i < s.Length && s[i] == '\'' && word.Length == 1)
                {
                    if (word is "n" or "N")
                    {
                        continue;
                    }

                    throw new UntranslatableException($"literal {word}'…': hexadecimal and bit literals are typed differently in PostgreSQL");
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, word));
            }
            else
            {
                var sym = Symbols.FirstOrDefault(x => At(s, i, x));
                if (sym is null)
                {
                    if (!"()=<>+-*/%,.!&|^~?:;{}".Contains(c, StringComparison.Ordinal))
                    {
                        throw new UntranslatableException($"unexpected character '{c}'");
                    }

                    sym = c.ToString();
                }

                tokens.Add(new SqlToken(SqlTokenKind.Symbol, sym));
                i += sym.Length;
            }
        }

        return tokens;
    }

    private static bool PreviousIsName(List<SqlToken> tokens) =>
        tokens.Count > 0 && tokens[^1].Kind is SqlTokenKind.QuotedIdentifier or SqlTokenKind.Word;

    private static bool At(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    private static string ReadWord(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '$'))
        {
            i++;
        }

        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i, char quote)
    {
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= s.Length)
            {
                throw new UntranslatableException("unterminated quoted identifier");
            }

            if (s[i] == quote && i + 1 < s.Length && s[i + 1] == quote)
            {
                sb.Append(quote);
                i += 2;
            }
            else if (s[i] == quote)
            {
                i++;
                return sb.ToString();
            }
            else
            {
                sb.Append(s[i++]);
            }
        }
    }

    private static string ReadString(string s, ref int i, char quote)
    {
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= s.Length)
            {
                throw new UntranslatableException("unterminated string");
            }

            var c = s[i];
            if (c == quote && i + 1 < s.Length && s[i + 1] == quote)
            {
                sb.Append(quote);
                i += 2;
            }
            else if (c == quote)
            {
                i++;
                return sb.ToString();
            }
            else if (c == '\\' && i + 1 < s.Length)
            {
                var e = s[i + 1];
                if (e == '0')
                {
                    throw new UntranslatableException("NUL in a string literal");
                }

                sb.Append(e switch
                {
                    'n' => "\n",
                    't' => "\t",
                    'r' => "\r",
                    'Z' => "\u001a",
                    'b' => "\b",

                    // LIKE's escaped wildcards keep their backslash: PostgreSQL's LIKE escapes with it too.
                    '%' => "\\%",
                    '_' => "\\_",
                    _ => e.ToString(),
                });
                i += 2;
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
    }
}
