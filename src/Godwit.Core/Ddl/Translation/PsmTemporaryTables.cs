namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// A body's temporary tables: <c>CREATE TEMPORARY TABLE name (columns)</c> as <c>CREATE TEMP TABLE</c> (column types as
/// <see cref="PsmTypes"/> declares them; NOT NULL, NULL, DEFAULT, PRIMARY KEY and UNIQUE kept; plain KEY/INDEX left out,
/// as they change no result), and <c>DROP [TEMPORARY] TABLE</c> of one as a drop in <c>pg_temp</c>, so it can never drop
/// a permanent table. A drop after the body returned a result set is deferred to the end of the transaction (the table
/// is made <c>ON COMMIT DROP</c>): the result set's cursor may still read it, and PostgreSQL refuses to drop a table an
/// open cursor uses.
/// </summary>
internal sealed class PsmTemporaryTables(PgExpressionPrinter printer)
{
    /// <summary>Where a CREATE gets its ON COMMIT clause once the whole body is read (<see cref="Finish"/>).</summary>
    private const char Marker = '\u0001';

    private static readonly HashSet<string> ConstraintWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "not", "null", "default", "primary", "unique", "auto_increment", "comment", "collate", "check", "references", "key",
    };

    private readonly HashSet<string> _created = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every table the body creates as TEMPORARY anywhere: a DROP TABLE IF EXISTS of one before its CREATE is a common idiom.</summary>
    private readonly HashSet<string> _temporary = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _deferred = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Notes the names the body creates as TEMPORARY (before its statements are translated).</summary>
    public void Prescan(IReadOnlyList<SqlNode> nodes)
    {
        for (var i = 0; i + 3 < nodes.Count; i++)
        {
            if (nodes[i] is SqlLeaf c && c.IsWord("create") && nodes[i + 1] is SqlLeaf t && t.IsWord("temporary") && nodes[i + 2] is SqlLeaf tb && tb.IsWord("table")
                && nodes[i + 3] is SqlLeaf { Token.IsName: true } name)
            {
                _temporary.Add(Name(name.Token.Text));
            }
        }
    }

    /// <summary>CREATE TEMPORARY TABLE …, from the word CREATE on.</summary>
    public string Create(IReadOnlyList<SqlNode> nodes)
    {
        if (nodes.Count < 5 || !TableOptionsOnly(SqlTree.Slice(nodes, 5, nodes.Count)) || nodes[1] is not SqlLeaf t || !t.IsWord("temporary") || nodes[2] is not SqlLeaf table || !table.IsWord("table")
            || nodes[3] is not SqlLeaf { Token.IsName: true } name || nodes[4] is not SqlGroup columns)
        {
            throw new UntranslatableException($"statement {Head(nodes)} (only CREATE TEMPORARY TABLE name (columns) is translated)");
        }

        var definitions = new List<string>();
        foreach (var item in SqlTree.SplitAt(columns.Items, ","))
        {
            if (Definition(item) is { } definition)
            {
                definitions.Add(definition);
            }
        }

        var target = Name(name.Token.Text);
        _created.Add(target);
        return $"CREATE TEMP TABLE {Ddl.PgIdentifier.Quote(target)} ({string.Join(", ", definitions)}){Marker}{target}{Marker};";
    }

    /// <summary>DROP [TEMPORARY] TABLE [IF EXISTS] a[, b], from the word DROP on.</summary>
    public string Drop(IReadOnlyList<SqlNode> nodes, bool resultSetOpen)
    {
        var i = 1;
        var temporary = nodes.Count > i && nodes[i] is SqlLeaf t && t.IsWord("temporary");
        i += temporary ? 1 : 0;
        if (!(nodes.Count > i && nodes[i] is SqlLeaf table && table.IsWord("table")))
        {
            throw new UntranslatableException($"statement {Head(nodes)}");
        }

        i++;
        var ifExists = nodes.Count > i + 1 && nodes[i] is SqlLeaf w && w.IsWord("if") && nodes[i + 1] is SqlLeaf e && e.IsWord("exists");
        i += ifExists ? 2 : 0;
        var lines = new List<string>();
        foreach (var item in SqlTree.SplitAt(SqlTree.Slice(nodes, i, nodes.Count), ","))
        {
            if (item is not [SqlLeaf { Token.IsName: true } leaf])
            {
                throw new UntranslatableException($"DROP TABLE {SqlRaw.Of(item)}");
            }

            var target = Name(leaf.Token.Text);
            if (!temporary && !_temporary.Contains(target))
            {
                throw new UntranslatableException($"DROP TABLE {leaf.Token.Text} (a table the body did not create as TEMPORARY)");
            }

            if (resultSetOpen && _created.Contains(target))
            {
                _deferred.Add(target);
                lines.Add($"-- godwit: DROP TABLE {target} is deferred to the end of the transaction (ON COMMIT DROP): a result set's cursor may still read it");
                continue;
            }

            lines.Add($"DROP TABLE {(ifExists ? "IF EXISTS " : string.Empty)}pg_temp.{Ddl.PgIdentifier.Quote(target)};");
        }

        return string.Join("\n", lines);
    }

    /// <summary>The body with each CREATE's ON COMMIT clause in place.</summary>
    public string Finish(string body)
    {
        foreach (var table in _created)
        {
            body = body.Replace($"{Marker}{table}{Marker}", _deferred.Contains(table) ? " ON COMMIT DROP" : string.Empty, StringComparison.Ordinal);
        }

        return body;
    }

    public IReadOnlyCollection<string> Deferred => _deferred;

    /// <summary>ENGINE=…, [DEFAULT] CHARSET=… after the columns: how MySQL stores the table, not what it holds.</summary>
    private static bool TableOptionsOnly(IReadOnlyList<SqlNode> options) =>
        options.All(n => n is SqlLeaf l && (l.IsSymbol("=") || l.IsWord("engine") || l.IsWord("default") || l.IsWord("charset") || l.IsWord("character") || l.IsWord("set")
            || (l.Token.IsName && !ConstraintWords.Contains(l.Token.Text) && !l.IsWord("as") && !l.IsWord("select") && !l.IsWord("like") && !l.IsWord("collate"))));

    private string Name(string source) => printer.Scope.MapName(source.Trim('`'), false);

    private static string Head(IReadOnlyList<SqlNode> nodes) => SqlRaw.Of(SqlTree.Slice(nodes, 0, Math.Min(nodes.Count, 4)));

    private string? Definition(IReadOnlyList<SqlNode> item)
    {
        if (item.Count == 0 || item[0] is not SqlLeaf first)
        {
            throw new UntranslatableException("an empty column definition in CREATE TEMPORARY TABLE");
        }

        if (first.IsWord("key") || first.IsWord("index"))
        {
            return null;
        }

        if (first.IsWord("primary") || first.IsWord("unique"))
        {
            var group = item.OfType<SqlGroup>().LastOrDefault() ?? throw new UntranslatableException($"{SqlRaw.Of(item)} in CREATE TEMPORARY TABLE");
            var keyColumns = SqlTree.SplitAt(group.Items, ",").Select(c => c is [SqlLeaf { Token.IsName: true } c0] ? Ddl.PgIdentifier.Quote(Name(c0.Token.Text)) : throw new UntranslatableException($"key part {SqlRaw.Of(c)}"));
            return $"{(first.IsWord("primary") ? "PRIMARY KEY" : "UNIQUE")} ({string.Join(", ", keyColumns)})";
        }

        if (!first.Token.IsName)
        {
            throw new UntranslatableException($"{SqlRaw.Of(item)} in CREATE TEMPORARY TABLE");
        }

        var typeEnd = 1;
        while (typeEnd < item.Count && !(item[typeEnd] is SqlLeaf l && ConstraintWords.Contains(l.Token.Text)))
        {
            typeEnd++;
        }

        var type = PsmTypes.ToPg(SqlRaw.Of(SqlTree.Slice(item, 1, typeEnd)));
        var sb = new System.Text.StringBuilder().Append(Ddl.PgIdentifier.Quote(Name(first.Token.Text))).Append(' ').Append(type);
        var rest = SqlTree.Slice(item, typeEnd, item.Count);
        for (var i = 0; i < rest.Count; i++)
        {
            var word = rest[i] is SqlLeaf w ? w.Token.Text.ToLowerInvariant() : string.Empty;
            switch (word)
            {
                case "not" when i + 1 < rest.Count && rest[i + 1] is SqlLeaf n && n.IsWord("null"):
                    sb.Append(" NOT NULL");
                    i++;
                    break;
                case "null":
                    sb.Append(" NULL");
                    break;
                case "primary" when i + 1 < rest.Count && rest[i + 1] is SqlLeaf k && k.IsWord("key"):
                    sb.Append(" PRIMARY KEY");
                    i++;
                    break;
                case "unique":
                    sb.Append(" UNIQUE");
                    i += i + 1 < rest.Count && rest[i + 1] is SqlLeaf uk && uk.IsWord("key") ? 1 : 0;
                    break;
                case "default" when i + 1 < rest.Count:
                    sb.Append(" DEFAULT ").Append(printer.PrintFor([rest[i + 1]], type));
                    i++;
                    break;
                default:
                    throw new UntranslatableException($"column attribute {SqlRaw.Of(SqlTree.Slice(rest, i, rest.Count))} in CREATE TEMPORARY TABLE");
            }
        }

        return sb.ToString();
    }
}
