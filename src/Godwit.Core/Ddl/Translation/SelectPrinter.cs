namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// Prints a SELECT and fixes MySQL's lax GROUP BY: every column a grouped query's select list, HAVING or ORDER BY
/// uses outside an aggregate, and that the GROUP BY does not name, is added to the GROUP BY. MySQL (without
/// ONLY_FULL_GROUP_BY) returns such a column's value from any row of the group, which is only well-defined when the
/// column is functionally dependent on the grouped ones; then grouping by it too yields the very same groups and values,
/// where wrapping it in an aggregate would need one that exists for its type.
/// </summary>
public static class SelectPrinter
{
    private static readonly HashSet<string> Aggregates = new(StringComparer.OrdinalIgnoreCase)
    {
        "count", "sum", "min", "max", "avg", "group_concat", "std", "stddev", "stddev_pop", "stddev_samp", "variance",
        "var_pop", "var_samp", "bit_and", "bit_or", "bit_xor", "json_arrayagg", "json_objectagg",
    };

    public static string Print(PgExpressionPrinter printer, IReadOnlyList<SqlNode> select)
    {
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentNullException.ThrowIfNull(select);
        if (SqlTree.IndexOfWord(select, "union") >= 0)
        {
            return string.Join(" ", SplitUnion(select).Select(p => p.Count == 1 && p[0] is SqlLeaf ? printer.Print(p) : PrintOne(printer, p)));
        }

        return PrintOne(printer, select);
    }

    private static List<IReadOnlyList<SqlNode>> SplitUnion(IReadOnlyList<SqlNode> select)
    {
        var parts = new List<IReadOnlyList<SqlNode>>();
        var start = 0;
        for (var i = 0; i < select.Count; i++)
        {
            if (select[i] is SqlLeaf l && l.IsWord("union"))
            {
                parts.Add(SqlTree.Slice(select, start, i));
                var end = i + 1 < select.Count && select[i + 1] is SqlLeaf a && (a.IsWord("all") || a.IsWord("distinct")) ? i + 2 : i + 1;
                parts.Add(SqlTree.Slice(select, i, end));
                start = end;
                i = end - 1;
            }
        }

        parts.Add(SqlTree.Slice(select, start, select.Count));
        return parts;
    }

    private static string PrintOne(PgExpressionPrinter printer, IReadOnlyList<SqlNode> select)
    {
        var groupAt = SqlTree.IndexOfWords(select, "group", "by");
        if (groupAt < 0)
        {
            return printer.Print(select);
        }

        var end = ClauseEnd(select, groupAt + 2);
        var grouped = SqlTree.SplitAt(SqlTree.Slice(select, groupAt + 2, end), ",").Select(printer.Print).ToHashSet(StringComparer.Ordinal);
        var fromAt = SqlTree.IndexOfWord(select, "from");
        var aliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var used = new List<IReadOnlyList<SqlNode>>();
        bool IsGrouped(SqlNode n) => n is SqlCall or SqlGroup && grouped.Contains(printer.Print([n]));
        CollectColumns(SqlTree.Slice(select, 1, fromAt < 0 ? groupAt : fromAt), used, aliases, null, IsGrouped);
        var rest = SqlTree.Slice(select, end, select.Count);
        CollectColumns(rest, used, aliases: null, skip: aliases, IsGrouped);
        var missing = new List<string>();
        foreach (var column in used)
        {
            var text = printer.Print(column);
            if (!grouped.Contains(text) && !missing.Contains(text))
            {
                missing.Add(text);
            }
        }

        var head = printer.Print(SqlTree.Slice(select, 0, end));
        if (missing.Count > 0)
        {
            printer.Scope.Notes.Add($"MySQL's lax GROUP BY: {string.Join(", ", missing)} added to the GROUP BY (MySQL returns them from any row of a group; they must be functionally dependent on the grouped columns for that to be defined)");
            head += ", " + string.Join(", ", missing);
        }

        return rest.Count == 0 ? head : head + " " + printer.Print(rest);
    }

    private static int ClauseEnd(IReadOnlyList<SqlNode> select, int from)
    {
        for (var i = from; i < select.Count; i++)
        {
            if (select[i] is SqlLeaf l && (l.IsWord("having") || l.IsWord("order") || l.IsWord("limit") || l.IsWord("with") || l.IsWord("window") || l.IsWord("for") || l.IsWord("into")))
            {
                return i;
            }
        }

        return select.Count;
    }

    /// <summary>
    /// Column references outside aggregates and subqueries; names after AS are aliases (collected into
    /// <paramref name="aliases"/>), and names in <paramref name="skip"/> are aliases used by HAVING/ORDER BY.
    /// </summary>
    private static void CollectColumns(
        IReadOnlyList<SqlNode> nodes, List<IReadOnlyList<SqlNode>> used, HashSet<string>? aliases, HashSet<string>? skip, Func<SqlNode, bool> isGrouped)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (isGrouped(nodes[i]))
            {
                // An expression the GROUP BY names (YEAR(d) grouped by YEAR(d)) needs none of its columns grouped.
                continue;
            }

            switch (nodes[i])
            {
                case SqlCall c when Aggregates.Contains(c.Name):
                    break;
                case SqlCall c:
                    CollectColumns(c.Inner, used, null, skip, isGrouped);
                    break;
                case SqlGroup g when !g.IsSubquery:
                    CollectColumns(g.Items, used, null, skip, isGrouped);
                    break;
                case SqlLeaf l when l.IsWord("as") && i + 1 < nodes.Count:
                    if (nodes[i + 1] is SqlLeaf alias)
                    {
                        aliases?.Add(alias.Token.Text);
                    }

                    i++;
                    break;
                case SqlLeaf l when l.Token.Kind == SqlTokenKind.QuotedIdentifier:
                    var chain = new List<SqlNode> { l };
                    while (i + 2 < nodes.Count && nodes[i + 1] is SqlLeaf dot && dot.IsSymbol(".") && nodes[i + 2] is SqlLeaf { Token.IsName: true } next)
                    {
                        chain.Add(dot);
                        chain.Add(next);
                        i += 2;
                    }

                    if (i + 2 < nodes.Count && nodes[i + 1] is SqlLeaf d2 && d2.IsSymbol(".") && nodes[i + 2] is SqlLeaf star && star.IsSymbol("*"))
                    {
                        i += 2;
                        break;
                    }

                    if (chain.Count == 1 && skip?.Contains(l.Token.Text) == true)
                    {
                        break;
                    }

                    used.Add(chain);
                    break;
            }
        }
    }
}
