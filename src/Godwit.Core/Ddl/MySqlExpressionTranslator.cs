using System.Text;

namespace Godwit.Core.Ddl;

/// <summary>
/// Translates the simple MySQL expressions information_schema shows (CHECK clauses, generation expressions,
/// defaults, view SELECTs) into PostgreSQL: backticks become double quotes (names mapped by the caller),
/// charset introducers go, strings are re-quoted, a short list of functions and operators is mapped.
/// Anything it does not know makes the whole translation fail (returns false with the reason): a wrong
/// translation is worse than a reported one.
/// </summary>
public static class MySqlExpressionTranslator
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "not", "in", "is", "null", "like", "between", "case", "when", "then", "else", "end", "true", "false",
        "exists", "select", "from", "where", "join", "left", "right", "inner", "outer", "cross", "on", "using", "group", "by",
        "order", "having", "limit", "offset", "as", "distinct", "union", "all", "asc", "desc", "escape",
    };

    private static readonly HashSet<string> ViewOnlyKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "from", "where", "join", "left", "right", "inner", "outer", "cross", "on", "using", "group", "by",
        "order", "having", "limit", "offset", "distinct", "union", "all", "asc", "desc",
    };

    /// <summary>Functions with the same name and meaning, immutable in PostgreSQL.</summary>
    private static readonly Dictionary<string, string> ImmutableFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lower"] = "lower",
        ["lcase"] = "lower",
        ["upper"] = "upper",
        ["ucase"] = "upper",
        ["abs"] = "abs",
        ["round"] = "round",
        ["floor"] = "floor",
        ["ceil"] = "ceil",
        ["ceiling"] = "ceil",
        ["coalesce"] = "coalesce",
        ["ifnull"] = "coalesce",
        ["nullif"] = "nullif",
        ["greatest"] = "greatest",
        ["least"] = "least",
        ["length"] = "octet_length",
        ["octet_length"] = "octet_length",
        ["char_length"] = "char_length",
        ["character_length"] = "char_length",
        ["substr"] = "substr",
        ["substring"] = "substr",
        ["trim"] = "trim",
        ["ltrim"] = "ltrim",
        ["rtrim"] = "rtrim",
        ["replace"] = "replace",
        ["left"] = "left",
        ["right"] = "right",
        ["mod"] = "mod",
        ["sign"] = "sign",
        ["sqrt"] = "sqrt",
        ["power"] = "power",
        ["pow"] = "power",
        ["md5"] = "md5",
        ["reverse"] = "reverse",
        ["lpad"] = "lpad",
        ["rpad"] = "rpad",
    };

    /// <summary>Functions that are fine in views and defaults (not immutable in PostgreSQL).</summary>
    private static readonly Dictionary<string, string> StableFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["concat"] = "concat",
        ["concat_ws"] = "concat_ws",
        ["count"] = "count",
        ["sum"] = "sum",
        ["min"] = "min",
        ["max"] = "max",
        ["avg"] = "avg",
    };

    /// <summary>Niladic functions: MySQL calls them with (), PostgreSQL spells them as keywords.</summary>
    private static readonly Dictionary<string, string> NiladicFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["now"] = "CURRENT_TIMESTAMP",
        ["current_timestamp"] = "CURRENT_TIMESTAMP",
        ["localtimestamp"] = "LOCALTIMESTAMP",
        ["curdate"] = "CURRENT_DATE",
        ["current_date"] = "CURRENT_DATE",
        ["curtime"] = "LOCALTIME",
        ["current_time"] = "LOCALTIME",
        ["uuid"] = "gen_random_uuid()",
    };

    /// <summary>
    /// Translates <paramref name="expression"/>. <paramref name="mapName"/> receives each identifier (unquoted)
    /// and whether a <c>.</c> follows it (a qualifier), and returns the PostgreSQL name (unquoted).
    /// </summary>
    public static bool TryTranslate(string expression, ExpressionContext context, Func<string, bool, string> mapName, out string result, out string? reason) =>
        TryTranslate(expression, context, mapName, widenToBigint: null, out result, out reason);

    /// <summary>
    /// As above; column references <paramref name="widenToBigint"/> accepts are cast to bigint, so integer arithmetic
    /// runs in 64 bits as MySQL's does (PostgreSQL computes int4 * int4 in int4 and fails where MySQL did not).
    /// </summary>
    public static bool TryTranslate(
        string expression, ExpressionContext context, Func<string, bool, string> mapName, Func<string, bool>? widenToBigint, out string result, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(mapName);
        result = string.Empty;
        reason = null;
        List<Token> tokens;
        try
        {
            tokens = Tokenize(expression);
        }
        catch (FormatException ex)
        {
            reason = ex.Message;
            return false;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
            switch (t.Kind)
            {
                case TokenKind.Space:
                    sb.Append(' ');
                    break;
                case TokenKind.Number:
                    sb.Append(t.Text);
                    break;
                case TokenKind.String:
                    sb.Append('\'').Append(t.Text.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
                    break;
                case TokenKind.Quoted:
                    AppendColumn(sb, t.Text, next is { Kind: TokenKind.Symbol, Text: "." }, mapName, widenToBigint);
                    break;
                case TokenKind.Word:
                    var nextNonSpace = NextNonSpace(tokens, i + 1);
                    if (nextNonSpace is { Kind: TokenKind.Symbol, Text: "(" } && !Keywords.Contains(t.Text))
                    {
                        if (NiladicFunctions.TryGetValue(t.Text, out var niladic) && context != ExpressionContext.Immutable)
                        {
                            var close = IndexOfNonSpace(tokens, IndexOfNonSpace(tokens, i + 1) + 1);
                            if (close >= 0 && tokens[close] is { Kind: TokenKind.Symbol, Text: ")" })
                            {
                                sb.Append(niladic);
                                i = close;
                                break;
                            }

                            if (close >= 0 && tokens[close].Kind == TokenKind.Number && t.Text.Contains("time", StringComparison.OrdinalIgnoreCase))
                            {
                                // now(6) / current_timestamp(3): fractional precision.
                                var close2 = IndexOfNonSpace(tokens, close + 1);
                                if (close2 >= 0 && tokens[close2] is { Kind: TokenKind.Symbol, Text: ")" })
                                {
                                    sb.Append(niladic).Append('(').Append(tokens[close].Text).Append(')');
                                    i = close2;
                                    break;
                                }
                            }
                        }

                        if (ImmutableFunctions.TryGetValue(t.Text, out var fn)
                            || (context != ExpressionContext.Immutable && StableFunctions.TryGetValue(t.Text, out fn)))
                        {
                            sb.Append(fn);
                            break;
                        }

                        reason = $"function {t.Text}() has no known PostgreSQL equivalent";
                        return false;
                    }

                    if (NiladicFunctions.TryGetValue(t.Text, out var bare) && context != ExpressionContext.Immutable && t.Text.StartsWith("current", StringComparison.OrdinalIgnoreCase))
                    {
                        sb.Append(bare);
                        break;
                    }

                    if (Keywords.Contains(t.Text))
                    {
                        if (context != ExpressionContext.View && ViewOnlyKeywords.Contains(t.Text))
                        {
                            reason = $"'{t.Text}' is not allowed here";
                            return false;
                        }

                        if (t.Text.Equals("limit", StringComparison.OrdinalIgnoreCase) && HasLimitComma(tokens, i))
                        {
                            reason = "LIMIT offset,count";
                            return false;
                        }

                        sb.Append(t.Text.ToUpperInvariant());
                        break;
                    }

                    if (IsUnsupportedWord(t.Text))
                    {
                        reason = $"'{t.Text}' has no direct PostgreSQL equivalent";
                        return false;
                    }

                    AppendColumn(sb, t.Text, next is { Kind: TokenKind.Symbol, Text: "." }, mapName, widenToBigint);
                    break;
                case TokenKind.Symbol:
                    switch (t.Text)
                    {
                        case "<=>":
                            Word(sb, "IS NOT DISTINCT FROM", next);
                            break;
                        case "&&":
                            Word(sb, "AND", next);
                            break;
                        case "!":
                            Word(sb, "NOT", next);
                            break;
                        case "||" or "^" or "@" or "?" or ":=" or "->" or "->>":
                            reason = $"operator {t.Text} differs in PostgreSQL";
                            return false;
                        default:
                            sb.Append(t.Text);
                            break;
                    }

                    break;
            }
        }

        result = sb.ToString().Trim();
        return true;
    }

    /// <summary>Appends a keyword that replaces an operator, with exactly one space on each side.</summary>
    private static void Word(StringBuilder sb, string word, Token? next)
    {
        if (sb.Length > 0 && sb[^1] != ' ' && sb[^1] != '(')
        {
            sb.Append(' ');
        }

        sb.Append(word);
        if (next is not null && next.Kind != TokenKind.Space)
        {
            sb.Append(' ');
        }
    }

    private static bool IsUnsupportedWord(string word) => word.ToLowerInvariant() is
        "div" or "xor" or "regexp" or "rlike" or "interval" or "binary" or "collate" or "sounds" or "match" or "against"
        or "separator" or "signed" or "unsigned" or "into" or "for" or "lock" or "straight_join" or "sql_calc_found_rows" or "window" or "over";

    private static bool HasLimitComma(List<Token> tokens, int limitIndex)
    {
        for (var j = limitIndex + 1; j < tokens.Count; j++)
        {
            if (tokens[j] is { Kind: TokenKind.Symbol, Text: "," })
            {
                return true;
            }

            if (tokens[j].Kind is TokenKind.Word)
            {
                return false;
            }
        }

        return false;
    }

    private static Token? NextNonSpace(List<Token> tokens, int from)
    {
        var i = IndexOfNonSpace(tokens, from);
        return i >= 0 ? tokens[i] : null;
    }

    private static int IndexOfNonSpace(List<Token> tokens, int from)
    {
        for (var i = from; i >= 0 && i < tokens.Count; i++)
        {
            if (tokens[i].Kind != TokenKind.Space)
            {
                return i;
            }
        }

        return -1;
    }

    private enum TokenKind
    {
        Space,
        Word,
        Quoted,
        String,
        Number,
        Symbol,
    }

    private sealed record Token(TokenKind Kind, string Text);

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                while (i < s.Length && char.IsWhiteSpace(s[i]))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Space, " "));
            }
            else if (c == '`')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= s.Length)
                    {
                        throw new FormatException("unterminated `identifier`");
                    }

                    if (s[i] == '`' && i + 1 < s.Length && s[i + 1] == '`')
                    {
                        sb.Append('`');
                        i += 2;
                    }
                    else if (s[i] == '`')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        sb.Append(s[i++]);
                    }
                }

                tokens.Add(new Token(TokenKind.Quoted, sb.ToString()));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(new Token(TokenKind.String, ReadString(s, ref i, c)));
            }
            else if (c == '_' && StartsIntroducer(s, i, out var end))
            {
                // _utf8mb4'abc' / _latin1"x": drop the charset introducer (and MySQL 8's escaped form \'…\').
                i = end;
                if (i < s.Length && s[i] == '\\' && i + 1 < s.Length && s[i + 1] == '\'')
                {
                    var close = s.IndexOf("\\'", i + 2, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        throw new FormatException("unterminated string");
                    }

                    tokens.Add(new Token(TokenKind.String, s[(i + 2)..close]));
                    i = close + 2;
                }
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.' || ((s[i] is 'e' or 'E') && i + 1 < s.Length && (char.IsAsciiDigit(s[i + 1]) || s[i + 1] is '-' or '+'))))
                {
                    if (s[i] is 'e' or 'E')
                    {
                        i++;
                    }

                    i++;
                }

                if (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == '_'))
                {
                    throw new FormatException($"unexpected '{s[start..(i + 1)]}'");
                }

                tokens.Add(new Token(TokenKind.Number, s[start..i]));
            }
            else if (char.IsLetter(c) || c == '_' || c == '$')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '$'))
                {
                    i++;
                }

                var word = s[start..i];
                if (i < s.Length && s[i] == '\'' && word.Length == 1)
                {
                    // N'…' is a plain string; b'…' and x'…' are bit/hex literals whose typing differs in PostgreSQL.
                    if (word is "n" or "N")
                    {
                        continue;
                    }

                    throw new FormatException($"{word}'…' literal");
                }

                tokens.Add(new Token(TokenKind.Word, word));
            }
            else
            {
                string[] symbols = ["<=>", "->>", "<=", ">=", "<>", "!=", "&&", "||", ":=", "->", "<<", ">>"];
                var sym = symbols.FirstOrDefault(x => string.CompareOrdinal(s, i, x, 0, x.Length) == 0);
                if (sym is null)
                {
                    if ("()=<>+-*/%,.!&|^~@?:".Contains(c, StringComparison.Ordinal))
                    {
                        sym = c.ToString();
                    }
                    else
                    {
                        throw new FormatException($"unexpected character '{c}'");
                    }
                }

                tokens.Add(new Token(TokenKind.Symbol, sym));
                i += sym.Length;
            }
        }

        return tokens;
    }

    private static bool StartsIntroducer(string s, int i, out int end)
    {
        end = i + 1;
        while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] == '_'))
        {
            end++;
        }

        return end < s.Length && end > i + 1 && (s[end] is '\'' or '"' || (s[end] == '\\' && end + 1 < s.Length && s[end + 1] == '\''));
    }

    private static string ReadString(string s, ref int i, char quote)
    {
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= s.Length)
            {
                throw new FormatException("unterminated string");
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
                sb.Append(e switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => throw new FormatException("NUL in a string literal"),
                    'Z' => '\u001a',
                    'b' => '\b',
                    _ => e,
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

    private static void AppendColumn(StringBuilder sb, string name, bool qualifier, Func<string, bool, string> mapName, Func<string, bool>? widenToBigint)
    {
        sb.Append(PgIdentifier.Quote(mapName(name, qualifier)));
        if (!qualifier && widenToBigint?.Invoke(name) == true)
        {
            sb.Append("::bigint");
        }
    }
}
