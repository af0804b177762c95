namespace Godwit.Core.Ddl.Translation;

/// <summary>Builds the tree from tokens, and the small list helpers the translators share.</summary>
public static class SqlTree
{
    /// <summary>Words that are never a function name even when a parenthesis follows them.</summary>
    private static readonly HashSet<string> NotFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "exists", "as", "on", "using", "values", "and", "or", "not", "from", "join", "select", "where", "into", "when",
        "then", "else", "return", "returns", "set", "elseif", "while", "until", "by", "is", "like", "between", "any",
        "all", "some", "case", "over", "table", "view", "key", "primary", "unique", "index", "references", "check", "row",
    };

    public static IReadOnlyList<SqlNode> Parse(string text) => Parse(MySqlLexer.Tokenize(text));

    public static IReadOnlyList<SqlNode> Parse(IReadOnlyList<SqlToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var i = 0;
        var nodes = ParseList(tokens, ref i);
        if (i < tokens.Count)
        {
            throw new UntranslatableException("unbalanced ')'");
        }

        return nodes;
    }

    private static List<SqlNode> ParseList(IReadOnlyList<SqlToken> tokens, ref int i)
    {
        var nodes = new List<SqlNode>();
        while (i < tokens.Count)
        {
            var t = tokens[i];
            if (t.IsSymbol(")"))
            {
                return nodes;
            }

            if (t.IsSymbol("("))
            {
                i++;
                var inner = ParseList(tokens, ref i);
                Expect(tokens, ref i);
                var previous = nodes.Count > 0 ? nodes[^1] as SqlLeaf : null;
                var callable = previous is { Token.Kind: SqlTokenKind.Word } && !NotFunctions.Contains(previous.Token.Text)
                    || previous is { Token.Kind: SqlTokenKind.QuotedIdentifier };

                // `db`.`f`(…) is a stored function of a database (the routine map qualifies it again); t.c( is not a call.
                var qualified = nodes.Count > 2 && nodes[^2] is SqlLeaf dot && dot.IsSymbol(".") && nodes[^3] is SqlLeaf { Token.IsName: true };
                var before = nodes.Count > (qualified ? 3 : 1) ? nodes[^(qualified ? 4 : 2)] as SqlLeaf : null;
                var isTableName = before is not null && (before.IsWord("into") || before.IsWord("table") || before.IsWord("references") || before.IsWord("update"));
                if (callable && !isTableName)
                {
                    if (qualified)
                    {
                        nodes.RemoveRange(nodes.Count - 3, 2);
                    }

                    nodes[^1] = new SqlCall(previous!.Token.Text.ToLowerInvariant(), inner);
                }
                else
                {
                    nodes.Add(new SqlGroup(inner));
                }

                continue;
            }

            nodes.Add(new SqlLeaf(t));
            i++;
        }

        return nodes;
    }

    private static void Expect(IReadOnlyList<SqlToken> tokens, ref int i)
    {
        if (i >= tokens.Count)
        {
            throw new UntranslatableException("unbalanced '('");
        }

        i++;
    }

    /// <summary>Splits a list at top-level occurrences of a symbol (groups and calls keep theirs).</summary>
    public static IReadOnlyList<IReadOnlyList<SqlNode>> SplitAt(IReadOnlyList<SqlNode> nodes, string symbol)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var parts = new List<IReadOnlyList<SqlNode>>();
        var current = new List<SqlNode>();
        foreach (var n in nodes)
        {
            if (n is SqlLeaf l && l.IsSymbol(symbol))
            {
                parts.Add(current);
                current = [];
            }
            else
            {
                current.Add(n);
            }
        }

        if (current.Count > 0 || parts.Count > 0)
        {
            parts.Add(current);
        }

        return parts;
    }

    /// <summary>The index of the first top-level word from <paramref name="from"/>, or -1.</summary>
    public static int IndexOfWord(IReadOnlyList<SqlNode> nodes, string word, int from = 0)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        for (var i = from; i < nodes.Count; i++)
        {
            if (nodes[i] is SqlLeaf l && l.IsWord(word))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the first top-level two-word sequence (e.g. GROUP BY), or -1.</summary>
    public static int IndexOfWords(IReadOnlyList<SqlNode> nodes, string first, string second, int from = 0)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        for (var i = from; i + 1 < nodes.Count; i++)
        {
            if (nodes[i] is SqlLeaf a && a.IsWord(first) && nodes[i + 1] is SqlLeaf b && b.IsWord(second))
            {
                return i;
            }
        }

        return -1;
    }

    public static IReadOnlyList<SqlNode> Slice(IReadOnlyList<SqlNode> nodes, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var list = new List<SqlNode>(Math.Max(0, end - start));
        for (var i = start; i < end; i++)
        {
            list.Add(nodes[i]);
        }

        return list;
    }
}
