namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// The function mapping table: each MySQL function Godwit translates, and how. Functions missing here are refused
/// (listed with the reason), unless they are the source database's own routines. docs/type-mapping.md lists this table.
/// </summary>
public static class FunctionTranslations
{
    /// <summary>Same name (or a rename) and the same meaning in PostgreSQL.</summary>
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lower"] = "lower", ["lcase"] = "lower", ["upper"] = "upper", ["ucase"] = "upper",
        ["abs"] = "abs", ["floor"] = "floor", ["ceil"] = "ceil", ["ceiling"] = "ceil", ["sign"] = "sign",
        ["sqrt"] = "sqrt", ["power"] = "power", ["pow"] = "power", ["exp"] = "exp", ["ln"] = "ln", ["pi"] = "pi",
        ["coalesce"] = "coalesce", ["ifnull"] = "coalesce", ["nullif"] = "nullif",
        ["length"] = "octet_length", ["octet_length"] = "octet_length", ["char_length"] = "char_length", ["character_length"] = "char_length",
        ["trim"] = "trim", ["ltrim"] = "ltrim", ["rtrim"] = "rtrim", ["replace"] = "replace", ["left"] = "left", ["right"] = "right",
        ["md5"] = "md5", ["reverse"] = "reverse", ["lpad"] = "lpad", ["rpad"] = "rpad", ["repeat"] = "repeat", ["ascii"] = "ascii",
        ["mod"] = "mod", ["count"] = "count", ["sum"] = "sum", ["min"] = "min", ["max"] = "max",
        ["stddev_pop"] = "stddev_pop", ["stddev_samp"] = "stddev_samp", ["std"] = "stddev_pop", ["stddev"] = "stddev_pop",
        ["var_pop"] = "var_pop", ["var_samp"] = "var_samp", ["variance"] = "var_pop", ["rand"] = "random", ["concat_ws"] = "concat_ws",
        ["database"] = "current_schema", ["schema"] = "current_schema",
        ["radians"] = "radians", ["degrees"] = "degrees", ["sin"] = "sin", ["cos"] = "cos", ["tan"] = "tan", ["cot"] = "cot",
        ["asin"] = "asin", ["acos"] = "acos", ["atan2"] = "atan2", ["log10"] = "log10",
    };

    /// <summary>String functions whose first argument MySQL converts to text itself.</summary>
    private static readonly HashSet<string> TextFirst = new(StringComparer.OrdinalIgnoreCase)
    {
        "lower", "lcase", "upper", "ucase", "length", "octet_length", "char_length", "character_length", "trim", "ltrim", "rtrim",
        "replace", "left", "right", "md5", "reverse", "lpad", "rpad", "repeat", "ascii",
    };

    private static readonly Dictionary<string, Func<SqlCall, PgExpressionPrinter, string>> Special = new(StringComparer.OrdinalIgnoreCase)
    {
        ["if"] = If,
        ["concat"] = Concat,
        ["group_concat"] = GroupConcat,
        ["greatest"] = (c, p) => NullIfAnyNull(c, p, "greatest"),
        ["least"] = (c, p) => NullIfAnyNull(c, p, "least"),
        ["substring"] = Substring,
        ["substr"] = Substring,
        ["mid"] = Substring,
        ["locate"] = Locate,
        ["instr"] = (c, p) => $"strpos({Arg(c, p, 0)}, {Arg(c, p, 1)})",
        ["space"] = (c, p) => $"repeat(' ', {Arg(c, p, 0)})",
        ["now"] = (c, _) => Niladic(c, "date_trunc('second', LOCALTIMESTAMP)"),
        ["sysdate"] = (c, _) => Niladic(c, "date_trunc('second', clock_timestamp()::timestamp)"),
        ["current_timestamp"] = (c, _) => Niladic(c, "date_trunc('second', LOCALTIMESTAMP)"),
        ["localtimestamp"] = (c, _) => Niladic(c, "date_trunc('second', LOCALTIMESTAMP)"),
        ["localtime"] = (c, _) => Niladic(c, "date_trunc('second', LOCALTIMESTAMP)"),
        ["curdate"] = (c, _) => Niladic(c, "CURRENT_DATE"),
        ["current_date"] = (c, _) => Niladic(c, "CURRENT_DATE"),
        ["curtime"] = (c, _) => Niladic(c, "LOCALTIME(0)"),
        ["current_time"] = (c, _) => Niladic(c, "LOCALTIME(0)"),
        ["utc_timestamp"] = (c, _) => Niladic(c, "date_trunc('second', CURRENT_TIMESTAMP AT TIME ZONE 'UTC')"),
        ["uuid"] = (c, _) => Niladic(c, "gen_random_uuid()::text"),
        ["date"] = (c, p) => $"({Arg(c, p, 0)})::date",
        ["time"] = (c, p) => $"({Arg(c, p, 0)})::time",
        ["year"] = (c, p) => Extract("year", c, p),
        ["month"] = (c, p) => Extract("month", c, p),
        ["day"] = (c, p) => Extract("day", c, p),
        ["dayofmonth"] = (c, p) => Extract("day", c, p),
        ["hour"] = (c, p) => Extract("hour", c, p),
        ["minute"] = (c, p) => Extract("minute", c, p),
        ["second"] = (c, p) => $"floor(extract(second from {Arg(c, p, 0)}))::int",
        ["quarter"] = (c, p) => Extract("quarter", c, p),
        ["dayofyear"] = (c, p) => Extract("doy", c, p),
        ["dayofweek"] = (c, p) => $"(extract(dow from {Arg(c, p, 0)})::int + 1)",
        ["weekday"] = (c, p) => $"((extract(dow from {Arg(c, p, 0)})::int + 6) % 7)",
        ["datediff"] = (c, p) => $"(({Arg(c, p, 0)})::date - ({Arg(c, p, 1)})::date)",
        ["to_days"] = (c, p) => $"((({Arg(c, p, 0)})::date - DATE '0001-01-01') + 366)",
        ["last_day"] = (c, p) => $"((date_trunc('month', {Arg(c, p, 0)}) + INTERVAL '1 month - 1 day'))::date",
        ["date_add"] = (c, p) => DateArithmetic(c, p, "+"),
        ["adddate"] = (c, p) => DateArithmetic(c, p, "+"),
        ["date_sub"] = (c, p) => DateArithmetic(c, p, "-"),
        ["subdate"] = (c, p) => DateArithmetic(c, p, "-"),
        ["date_format"] = DateFormat,
        ["str_to_date"] = StrToDate,
        ["unix_timestamp"] = (c, p) => c.Inner.Count == 0 ? "extract(epoch from date_trunc('second', CURRENT_TIMESTAMP))::bigint" : $"extract(epoch from {Arg(c, p, 0)})::bigint",
        ["from_unixtime"] = (c, p) => $"to_timestamp({Arg(c, p, 0)})::timestamp",
        ["cast"] = Cast,
        ["timestampdiff"] = TimestampDiffTranslation.Translate,
        ["round"] = Round,
        ["atan"] = (c, p) => c.Arguments.Count == 2 ? $"atan2({Arg(c, p, 0)}, {Arg(c, p, 1)})" : $"atan({Arg(c, p, 0)})",
        ["found_rows"] = (c, p) => c.Inner.Count == 0 && p.Scope.FoundRowsVariable is { } found
            ? found
            : throw new UntranslatableException("FOUND_ROWS() outside a procedure (it counts the rows of the result set sent last)"),
        ["convert"] = Cast,
        ["avg"] = (c, p) => $"avg({p.Print(c.Inner)})",
        ["truncate"] = (c, p) => $"trunc(({Arg(c, p, 0)})::numeric, {Arg(c, p, 1)})",
    };

    /// <summary>Every MySQL function name the table translates (for the documentation and assess).</summary>
    public static IEnumerable<string> Names => Renamed.Keys.Concat(Special.Keys).Order(StringComparer.Ordinal);

    public static string Translate(SqlCall call, PgExpressionPrinter printer)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(printer);
        if (Special.TryGetValue(call.Name, out var special))
        {
            return special(call, printer);
        }

        if (Renamed.TryGetValue(call.Name, out var name))
        {
            if (TextFirst.Contains(call.Name) && call.Arguments is [var first, ..] && first is not [SqlLeaf { Token.Kind: SqlTokenKind.String }])
            {
                // MySQL's string functions take any value as its text (LPAD(42, 5, '0')); PostgreSQL's need text.
                var rest = call.Arguments.Skip(1).Select(printer.Print);
                return $"{name}({string.Join(", ", [$"({printer.Print(first)})::text", .. rest])})";
            }

            return $"{name}({printer.Print(call.Inner)})";
        }

        if (printer.Scope.Routines.TryGetValue(call.Name, out var routine))
        {
            return $"{routine}({printer.Print(call.Inner)})";
        }

        throw new UntranslatableException($"function {call.Name.ToUpperInvariant()}() has no PostgreSQL translation in Godwit's table");
    }

    private static string Arg(SqlCall c, PgExpressionPrinter p, int index)
    {
        var args = c.Arguments;
        if (index >= args.Count || args[index].Count == 0)
        {
            throw new UntranslatableException($"{c.Name.ToUpperInvariant()}() with {args.Count} arguments");
        }

        return p.Print(args[index]);
    }

    private static string Niladic(SqlCall c, string pg) =>
        c.Inner.Count == 0 ? pg : throw new UntranslatableException($"{c.Name.ToUpperInvariant()}() with a precision or arguments");

    /// <summary>ROUND(x, d): PostgreSQL rounds to decimals only as numeric (a DOUBLE is rounded as its numeric value).</summary>
    private static string Round(SqlCall c, PgExpressionPrinter p) => c.Arguments.Count switch
    {
        1 => $"round({Arg(c, p, 0)})",
        2 => $"round(({Arg(c, p, 0)})::numeric, {Arg(c, p, 1)})",
        _ => throw new UntranslatableException($"ROUND() with {c.Arguments.Count} arguments"),
    };

    private static string Extract(string field, SqlCall c, PgExpressionPrinter p) => $"extract({field} from {Arg(c, p, 0)})::int";

    private static string If(SqlCall c, PgExpressionPrinter p)
    {
        var args = c.Arguments;
        if (args.Count != 3)
        {
            throw new UntranslatableException("IF() needs three arguments");
        }

        return $"CASE WHEN {p.PrintCondition(args[0])} THEN {p.Print(args[1])} ELSE {p.Print(args[2])} END";
    }

    /// <summary>MySQL's CONCAT is NULL when any argument is; PostgreSQL's concat() skips NULLs, || does not.</summary>
    private static string Concat(SqlCall c, PgExpressionPrinter p)
    {
        var args = c.Arguments;
        if (args.Count == 0)
        {
            throw new UntranslatableException("CONCAT() without arguments");
        }

        return "(" + string.Join(" || ", args.Select(a => AsText(p, a))) + ")";
    }

    private static string AsText(PgExpressionPrinter p, IReadOnlyList<SqlNode> arg) =>
        arg.Count == 1 && arg[0] is SqlLeaf { Token.Kind: SqlTokenKind.String } ? p.Print(arg) : $"({p.Print(arg)})::text";

    private static string NullIfAnyNull(SqlCall c, PgExpressionPrinter p, string name)
    {
        var args = c.Arguments.Select(p.Print).ToList();
        return $"CASE WHEN {string.Join(" OR ", args.Select(a => $"({a}) IS NULL"))} THEN NULL ELSE {name}({string.Join(", ", args)}) END";
    }

    private static string Substring(SqlCall c, PgExpressionPrinter p)
    {
        // SUBSTRING(s FROM n FOR m) is the same in both.
        if (SqlTree.IndexOfWord(c.Inner, "from") >= 0)
        {
            return $"substring({p.Print(c.Inner)})";
        }

        var args = c.Arguments;
        var start = p.Print(args[1]);

        // MySQL counts a negative start from the end; PostgreSQL does not: only literal positive starts are safe.
        if (!(args[1].Count == 1 && args[1][0] is SqlLeaf { Token.Kind: SqlTokenKind.Number }) && !IsNameOrCall(args[1]))
        {
            throw new UntranslatableException("SUBSTRING() with a computed start (MySQL counts a negative start from the end)");
        }

        if (args[1] is not [SqlLeaf { Token.Kind: SqlTokenKind.Number }])
        {
            p.Scope.Notes.Add($"SUBSTRING() with start {start}: MySQL counts a negative start from the end, PostgreSQL does not");
        }

        if (start == "0")
        {
            return "''";
        }

        var text = AsText(p, args[0]);
        return args.Count == 2 ? $"substr({text}, {start})" : $"substr({text}, {start}, greatest({p.Print(args[2])}, 0))";
    }

    private static bool IsNameOrCall(IReadOnlyList<SqlNode> arg) =>
        arg.All(n => n is SqlLeaf { Token.IsName: true } or SqlCall || (n is SqlLeaf l && l.IsSymbol(".")));

    private static string Locate(SqlCall c, PgExpressionPrinter p)
    {
        if (c.Arguments.Count != 2)
        {
            throw new UntranslatableException("LOCATE() with a start position");
        }

        return $"strpos({Arg(c, p, 1)}, {Arg(c, p, 0)})";
    }

    private static string GroupConcat(SqlCall c, PgExpressionPrinter p)
    {
        var inner = c.Inner;
        var start = 0;
        var distinct = inner.Count > 0 && inner[0] is SqlLeaf d && d.IsWord("distinct");
        if (distinct)
        {
            start = 1;
        }

        var separatorAt = SqlTree.IndexOfWord(inner, "separator");
        var orderAt = SqlTree.IndexOfWords(inner, "order", "by");
        var valueEnd = orderAt >= 0 ? orderAt : separatorAt >= 0 ? separatorAt : inner.Count;
        var values = SqlTree.SplitAt(SqlTree.Slice(inner, start, valueEnd), ",");
        var value = string.Join(" || ", values.Select(v => AsText(p, v)));
        var separator = ",";
        if (separatorAt >= 0)
        {
            if (separatorAt + 1 >= inner.Count || inner[separatorAt + 1] is not SqlLeaf { Token.Kind: SqlTokenKind.String } sep)
            {
                throw new UntranslatableException("GROUP_CONCAT SEPARATOR that is not a string");
            }

            separator = sep.Token.Text;
        }

        var order = string.Empty;
        if (orderAt >= 0)
        {
            var keys = SqlTree.Slice(inner, orderAt + 2, separatorAt >= 0 ? separatorAt : inner.Count);
            var keyText = EnumOrder(keys, p, distinct) ?? p.Print(keys);
            if (distinct && !SameValue(keys, values, p))
            {
                // PostgreSQL allows only the aggregated value in ORDER BY with DISTINCT.
                p.Scope.Notes.Add($"GROUP_CONCAT(DISTINCT … ORDER BY {keyText}) orders by the whole value on PostgreSQL (DISTINCT aggregates can only sort by their argument): the same order where the value starts with the key");
                var descending = keys.Count > 0 && keys[^1] is SqlLeaf last && last.IsWord("desc");
                order = $" ORDER BY {value}{(descending ? " DESC" : string.Empty)}";
            }
            else
            {
                order = $" ORDER BY {keyText}";
            }
        }
        else
        {
            p.Scope.Notes.Add("GROUP_CONCAT without ORDER BY: the order of the elements is unspecified on both engines");
        }

        return $"string_agg({(distinct ? "DISTINCT " : string.Empty)}{value}, {PgExpressionPrinter.Literal(separator)}{order})";
    }

    /// <summary>
    /// ORDER BY an ENUM column that became text: MySQL orders by the label's position, so the key becomes that position.
    /// With DISTINCT PostgreSQL cannot sort by it, and the order would change: refused.
    /// </summary>
    private static string? EnumOrder(IReadOnlyList<SqlNode> keys, PgExpressionPrinter p, bool distinct)
    {
        var items = SqlTree.SplitAt(keys, ",");
        if (!items.Any(k => p.Scope.EnumLabels(ColumnName(k)) is not null))
        {
            return null;
        }

        if (distinct)
        {
            throw new UntranslatableException("GROUP_CONCAT(DISTINCT … ORDER BY an ENUM column): MySQL orders by the label's position, PostgreSQL's DISTINCT only by the text");
        }

        return string.Join(", ", items.Select(k =>
        {
            var labels = p.Scope.EnumLabels(ColumnName(k));
            if (labels is null)
            {
                return p.Print(k);
            }

            var direction = k.Count > 0 && k[^1] is SqlLeaf d && (d.IsWord("asc") || d.IsWord("desc")) ? " " + d.Token.Text.ToUpperInvariant() : string.Empty;
            var column = direction.Length > 0 ? SqlTree.Slice(k, 0, k.Count - 1) : k;
            return $"array_position(ARRAY[{string.Join(", ", labels.Select(PgExpressionPrinter.Literal))}]::text[], ({p.Print(column)})::text){direction}";
        }));
    }

    private static string ColumnName(IReadOnlyList<SqlNode> key)
    {
        var column = key.Count > 0 && key[^1] is SqlLeaf d && (d.IsWord("asc") || d.IsWord("desc")) ? SqlTree.Slice(key, 0, key.Count - 1) : key;
        return column.Count > 0 && column[^1] is SqlLeaf { Token.IsName: true } name ? name.Token.Text : string.Empty;
    }

    private static bool SameValue(IReadOnlyList<SqlNode> keys, IReadOnlyList<IReadOnlyList<SqlNode>> values, PgExpressionPrinter p)
    {
        var stripped = keys.Count > 0 && keys[^1] is SqlLeaf l && (l.IsWord("asc") || l.IsWord("desc")) ? SqlTree.Slice(keys, 0, keys.Count - 1) : keys;
        return values.Count == 1 && p.Print(stripped) == p.Print(values[0]);
    }

    /// <summary>DATE_ADD(d, INTERVAL n unit) / DATE_ADD(d, n) (days); a DATE stays a DATE for day-or-longer units, as in MySQL.</summary>
    private static string DateArithmetic(SqlCall c, PgExpressionPrinter p, string op)
    {
        var args = c.Arguments;
        if (args.Count != 2)
        {
            throw new UntranslatableException($"{c.Name.ToUpperInvariant()}() needs two arguments");
        }

        var date = p.Print(args[0]);
        var interval = args[1];
        string amount;
        string unit;
        if (interval.Count >= 3 && interval[0] is SqlLeaf i && i.IsWord("interval") && interval[^1] is SqlLeaf u)
        {
            amount = p.Print(SqlTree.Slice(interval, 1, interval.Count - 1));
            unit = u.Token.Text;
        }
        else
        {
            amount = p.Print(interval);
            unit = "day";
        }

        var expr = $"({date} {op} ({amount}) * {PgExpressionPrinter.IntervalUnit(unit)})";
        var dateOnly = date is "CURRENT_DATE" || date.EndsWith("::date", StringComparison.Ordinal);
        return dateOnly && unit.ToLowerInvariant() is "day" or "week" or "month" or "quarter" or "year" ? expr + "::date" : expr;
    }

    private static string DateFormat(SqlCall c, PgExpressionPrinter p)
    {
        var args = c.Arguments;
        if (args.Count != 2 || args[1] is not [SqlLeaf { Token.Kind: SqlTokenKind.String } format])
        {
            throw new UntranslatableException("DATE_FORMAT() with a format that is not a literal");
        }

        return $"to_char({p.Print(args[0])}, {PgExpressionPrinter.Literal(DateFormatPattern.ToPg(format.Token.Text, out _))})";
    }

    private static string StrToDate(SqlCall c, PgExpressionPrinter p)
    {
        var args = c.Arguments;
        if (args.Count != 2 || args[1] is not [SqlLeaf { Token.Kind: SqlTokenKind.String } format])
        {
            throw new UntranslatableException("STR_TO_DATE() with a format that is not a literal");
        }

        var pattern = PgExpressionPrinter.Literal(DateFormatPattern.ToPg(format.Token.Text, out var hasTime));
        return hasTime ? $"to_timestamp({p.Print(args[0])}, {pattern})::timestamp" : $"to_date({p.Print(args[0])}, {pattern})";
    }

    private static string Cast(SqlCall c, PgExpressionPrinter p)
    {
        var asAt = SqlTree.IndexOfWord(c.Inner, "as");
        if (asAt < 0)
        {
            if (c.Name == "convert" && c.Arguments.Count == 2)
            {
                return Cast(new SqlCall("cast", [.. c.Arguments[0], new SqlLeaf(new SqlToken(SqlTokenKind.Word, "as")), .. c.Arguments[1]]), p);
            }

            throw new UntranslatableException("CONVERT(… USING charset)");
        }

        var value = p.Print(SqlTree.Slice(c.Inner, 0, asAt));
        var type = SqlTree.Slice(c.Inner, asAt + 1, c.Inner.Count);
        if (type.Count == 0 || type[0] is not SqlLeaf { Token.Kind: SqlTokenKind.Word } head)
        {
            if (type is [SqlCall typed])
            {
                return typed.Name switch
                {
                    "decimal" or "numeric" => $"CAST({value} AS numeric({p.Print(typed.Inner)}))",
                    "char" or "varchar" => $"CAST({value} AS varchar({p.Print(typed.Inner)}))",
                    "datetime" => $"CAST({value} AS timestamp({p.Print(typed.Inner)}))",
                    "time" => $"CAST({value} AS time({p.Print(typed.Inner)}))",
                    _ => throw new UntranslatableException($"CAST AS {typed.Name.ToUpperInvariant()}"),
                };
            }

            throw new UntranslatableException("CAST to an unknown type");
        }

        var words = string.Join(" ", type.OfType<SqlLeaf>().Select(l => l.Token.Text.ToLowerInvariant()));
        var charset = words.IndexOf(" charset", StringComparison.Ordinal);
        if (charset > 0 && words.StartsWith("char", StringComparison.Ordinal))
        {
            // MariaDB stores CAST(x AS CHAR) as CAST(x AS char charset utf8mb4).
            words = words[..charset];
        }
        var pg = words switch
        {
            "signed" or "signed integer" or "integer" or "int" => "bigint",
            "unsigned" or "unsigned integer" => "numeric(20)",
            "char" or "nchar" => "text",
            "date" => "date",
            "datetime" => "timestamp(0)",
            "time" => "time(0)",
            "decimal" => "numeric(10)",
            "double" or "real" => "double precision",
            "float" => "real",
            "json" => "jsonb",
            _ => throw new UntranslatableException($"CAST AS {words.ToUpperInvariant()}"),
        };
        return $"CAST({value} AS {pg})";
    }
}
