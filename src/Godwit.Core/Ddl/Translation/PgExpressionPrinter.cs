namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// Prints parsed MySQL (expressions and whole SELECTs) as PostgreSQL: names through the scope, operators and
/// keywords in PostgreSQL's spelling, calls through <see cref="FunctionTranslations"/>, subqueries through
/// <see cref="SelectPrinter"/> (which adds what MySQL's lax GROUP BY left out). Anything it cannot vouch for throws
/// <see cref="UntranslatableException"/>.
/// </summary>
public sealed class PgExpressionPrinter(TranslationScope scope)
{
    /// <summary>Keywords printed as they are (upper case); never identifiers.</summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "from", "where", "group", "by", "having", "order", "limit", "offset", "as", "on", "using", "join", "inner", "left",
        "right", "outer", "cross", "natural", "and", "or", "not", "is", "null", "in", "exists", "between", "case", "when", "then",
        "else", "end", "distinct", "all", "union", "asc", "desc", "true", "false", "escape", "with", "any", "some", "into", "values",
        "unknown", "insert", "update", "delete", "set", "default", "ignore", "for", "lateral", "except", "intersect",
    };

    /// <summary>Words that change meaning or have no PostgreSQL spelling here.</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        ["div"] = "integer division DIV",
        ["xor"] = "XOR",
        ["binary"] = "BINARY comparison",
        ["collate"] = "COLLATE with a MySQL collation",
        ["sounds"] = "SOUNDS LIKE",
        ["match"] = "MATCH … AGAINST (full-text search)",
        ["straight_join"] = "STRAIGHT_JOIN",
        ["sql_calc_found_rows"] = "SQL_CALC_FOUND_ROWS",
        ["rollup"] = "WITH ROLLUP",
        ["high_priority"] = "HIGH_PRIORITY",
        ["partition"] = "PARTITION selection",
        ["lock"] = "locking reads (LOCK IN SHARE MODE)",
        ["window"] = "named windows",
        ["over"] = "window functions",
    };

    public TranslationScope Scope { get; } = scope;

    public string Print(IReadOnlyList<SqlNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var w = new PgTextWriter();
        for (var i = 0; i < nodes.Count; i++)
        {
            try
            {
                i = PrintOne(nodes, i, w);
            }
            catch (UntranslatableException ex) when (Scope.Lenient)
            {
                w.Append($"/* godwit: not translated ({ex.Message}): {SqlRaw.Of(nodes[i]).Replace("*/", "* /", StringComparison.Ordinal)} */");
            }
        }

        return w.ToString();
    }

    /// <summary>A MySQL condition as a PostgreSQL boolean: a bare number or non-boolean column is compared with 0, as MySQL tests it.</summary>
    public string PrintCondition(IReadOnlyList<SqlNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var text = Print(nodes);
        if (IsBareValue(nodes))
        {
            return $"({text}) <> 0";
        }

        return text;
    }

    private bool IsBareValue(IReadOnlyList<SqlNode> nodes)
    {
        if (nodes.Count == 1 && nodes[0] is SqlLeaf { Token.Kind: SqlTokenKind.Number })
        {
            return true;
        }

        if (nodes.Count == 1 && nodes[0] is SqlGroup g && !g.IsSubquery)
        {
            return IsBareValue(g.Items);
        }

        // a, `a`, t.a, NEW.a: a column; booleans stay as they are.
        var names = nodes.Count % 2 == 1 && nodes.Select((n, i) => i % 2 == 0 ? n is SqlLeaf { Token.IsName: true } l && !Keywords.Contains(l.Token.Text) || (n is SqlLeaf q && q.Token.Kind == SqlTokenKind.QuotedIdentifier) : n is SqlLeaf s && s.IsSymbol(".")).All(x => x);
        if (!names)
        {
            return false;
        }

        var column = ((SqlLeaf)nodes[^1]).Token.Text;
        if (nodes.Count == 1 && Scope.Variables.TryGetValue(column, out var type))
        {
            return type != "boolean";
        }

        return !Scope.IsBooleanColumn(column);
    }

    private int PrintOne(IReadOnlyList<SqlNode> nodes, int i, PgTextWriter w)
    {
        var node = nodes[i];
        switch (node)
        {
            case SqlGroup g:
                w.Append("(" + (g.IsSubquery ? SelectPrinter.Print(this, g.Items) : Print(g.Items)) + ")");
                return i;
            case SqlCall c:
                w.Append(FunctionTranslations.Translate(c, this));
                return i;
            case SqlLeaf leaf:
                return PrintLeaf(nodes, i, leaf.Token, w);
            default:
                throw new UntranslatableException("unexpected node");
        }
    }

    private int PrintLeaf(IReadOnlyList<SqlNode> nodes, int i, SqlToken t, PgTextWriter w)
    {
        switch (t.Kind)
        {
            case SqlTokenKind.Number:
                w.Append(t.Text);
                return i;
            case SqlTokenKind.String:
                w.Append(Literal(t.Text));
                return i;
            case SqlTokenKind.Variable:
                throw new UntranslatableException($"user or system variable {t.Text}");
            case SqlTokenKind.QuotedIdentifier:
                return PrintName(nodes, i, w);
            case SqlTokenKind.Symbol:
                w.Append(t.Text switch
                {
                    "<=>" => "IS NOT DISTINCT FROM",
                    "&&" => "AND",
                    "||" => "OR",
                    "!" => "NOT",
                    "^" or "~" or "<<" or ">>" or "&" or "|" => throw new UntranslatableException($"bitwise operator {t.Text}"),
                    ":=" or "->" or "->>" or "?" or "{" or "}" => throw new UntranslatableException($"operator {t.Text}"),

                    // 7 / 2 is 3.5000 in MySQL (exact, 4 more decimals) and 3 in PostgreSQL: without the operand types the
                    // result cannot be made the same.
                    "/" => throw new UntranslatableException("division '/' (MySQL divides integers exactly to 4 more decimals, PostgreSQL truncates)"),
                    _ => t.Text,
                });
                return i;
        }

        var word = t.Text;
        if (Refused.TryGetValue(word, out var what))
        {
            throw new UntranslatableException($"{what} has no equivalent Godwit can vouch for");
        }

        var lower = word.ToLowerInvariant();
        switch (lower)
        {
            case "regexp" or "rlike":
                // MySQL matches case-insensitively under the usual _ci collations.
                w.Append("~*");
                return i;
            case "like":
                // MySQL's LIKE follows the column's collation: case-insensitive under the usual _ci ones.
                w.Append("ILIKE");
                return i;
            case "mod":
                w.Append("%");
                return i;
            case "interval":
                return PrintInterval(nodes, i, w);
            case "current_date" or "curdate":
                w.Append("CURRENT_DATE");
                return i;
            case "current_timestamp" or "now" or "localtimestamp" or "localtime":
                w.Append("date_trunc('second', LOCALTIMESTAMP)");
                return i;
            case "current_time":
                w.Append("LOCALTIME(0)");
                return i;
            case "limit":
                return PrintLimit(nodes, i, w);
            case "not" when i + 1 < nodes.Count && nodes[i + 1] is SqlLeaf n && (n.IsWord("regexp") || n.IsWord("rlike")):
                w.Append("!~*");
                return i + 1;
            case "not" when i + 1 < nodes.Count && nodes[i + 1] is SqlLeaf n2 && n2.IsWord("like"):
                w.Append("NOT ILIKE");
                return i + 1;
        }

        if (Keywords.Contains(word))
        {
            w.Append(word.ToUpperInvariant());
            return i;
        }

        return PrintName(nodes, i, w);
    }

    /// <summary>A name chain: a.b.c, NEW.x, a local variable; `t`.* keeps its star.</summary>
    private int PrintName(IReadOnlyList<SqlNode> nodes, int i, PgTextWriter w)
    {
        var parts = new List<string> { ((SqlLeaf)nodes[i]).Token.Text };
        var star = false;
        var j = i;
        while (j + 2 < nodes.Count && nodes[j + 1] is SqlLeaf dot && dot.IsSymbol("."))
        {
            if (nodes[j + 2] is SqlLeaf { Token.IsName: true } next)
            {
                parts.Add(next.Token.Text);
                j += 2;
            }
            else if (nodes[j + 2] is SqlLeaf s && s.IsSymbol("*"))
            {
                star = true;
                j += 2;
                break;
            }
            else
            {
                break;
            }
        }

        var printed = new List<string>();
        for (var k = 0; k < parts.Count; k++)
        {
            var qualifier = k < parts.Count - 1 || star;
            if (k == 0 && qualifier && Scope.InTrigger && parts[0].ToLowerInvariant() is "new" or "old")
            {
                printed.Add(parts[0].ToUpperInvariant());
            }
            else if (k == 0 && !qualifier && Scope.Variables.ContainsKey(parts[0]))
            {
                printed.Add(Ddl.PgIdentifier.Quote(parts[0].ToLowerInvariant()));
            }
            else
            {
                printed.Add(Ddl.PgIdentifier.Quote(Scope.MapName(parts[k], qualifier)));
            }
        }

        w.Append(string.Join(".", printed) + (star ? ".*" : string.Empty));
        return j;
    }

    /// <summary><c>INTERVAL n UNIT</c> as <c>(n) * INTERVAL '1 unit'</c>, so n may be any expression (up to the unit word).</summary>
    private int PrintInterval(IReadOnlyList<SqlNode> nodes, int i, PgTextWriter w)
    {
        var unitAt = i + 2;
        while (unitAt < nodes.Count && !(nodes[unitAt] is SqlLeaf { Token.Kind: SqlTokenKind.Word } u && IsIntervalUnit(u.Token.Text)))
        {
            unitAt++;
        }

        if (unitAt >= nodes.Count)
        {
            throw new UntranslatableException("INTERVAL without a value and a unit");
        }

        var amount = Print(SqlTree.Slice(nodes, i + 1, unitAt));
        w.Append($"({amount}) * {IntervalUnit(((SqlLeaf)nodes[unitAt]).Token.Text)}");
        return unitAt;
    }

    public static bool IsIntervalUnit(string word) => word.ToLowerInvariant() is
        "microsecond" or "second" or "minute" or "hour" or "day" or "week" or "month" or "quarter" or "year"
        or "second_microsecond" or "minute_second" or "hour_minute" or "day_hour" or "day_minute" or "day_second" or "year_month" or "hour_second";

    public static string IntervalUnit(string unit) => unit.ToLowerInvariant() switch
    {
        "microsecond" => "INTERVAL '1 microsecond'",
        "second" => "INTERVAL '1 second'",
        "minute" => "INTERVAL '1 minute'",
        "hour" => "INTERVAL '1 hour'",
        "day" => "INTERVAL '1 day'",
        "week" => "INTERVAL '1 week'",
        "month" => "INTERVAL '1 month'",
        "quarter" => "INTERVAL '3 months'",
        "year" => "INTERVAL '1 year'",
        _ => throw new UntranslatableException($"INTERVAL unit {unit}"),
    };

    /// <summary>LIMIT n, LIMIT n OFFSET m and MySQL's LIMIT m, n.</summary>
    private int PrintLimit(IReadOnlyList<SqlNode> nodes, int i, PgTextWriter w)
    {
        if (i + 3 < nodes.Count && nodes[i + 2] is SqlLeaf comma && comma.IsSymbol(","))
        {
            w.Append($"LIMIT {Print([nodes[i + 3]])} OFFSET {Print([nodes[i + 1]])}");
            return i + 3;
        }

        w.Append("LIMIT");
        return i;
    }

    /// <summary>
    /// An expression assigned to a variable of <paramref name="targetType"/>: MySQL's TRUE/FALSE are 1/0 and any number is a
    /// truth value, where PostgreSQL keeps boolean and integer apart.
    /// </summary>
    public string PrintFor(IReadOnlyList<SqlNode> nodes, string? targetType)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes is [SqlLeaf { Token.Kind: SqlTokenKind.Word } b] && (b.IsWord("true") || b.IsWord("false")) && targetType is not null and not "boolean")
        {
            return b.IsWord("true") ? "1" : "0";
        }

        if (targetType == "boolean" && nodes is [SqlLeaf { Token.Kind: SqlTokenKind.Number } n])
        {
            return n.Token.Text is "0" ? "FALSE" : "TRUE";
        }

        return Print(nodes);
    }

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
