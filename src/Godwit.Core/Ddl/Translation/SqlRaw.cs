namespace Godwit.Core.Ddl.Translation;

/// <summary>Renders parsed nodes back as MySQL-like text (types, messages, and the untranslated pieces of a closest translation).</summary>
public static class SqlRaw
{
    public static string Of(IReadOnlyList<SqlNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var w = new PgTextWriter();
        foreach (var n in nodes)
        {
            w.Append(Of(n));
        }

        return w.ToString();
    }

    public static string Of(SqlNode node) => node switch
    {
        SqlCall c => $"{c.Name}({Of(c.Inner)})",
        SqlGroup g => $"({Of(g.Items)})",
        SqlLeaf { Token.Kind: SqlTokenKind.String } s => PgExpressionPrinter.Literal(s.Token.Text),
        SqlLeaf { Token.Kind: SqlTokenKind.QuotedIdentifier } q => "`" + q.Token.Text + "`",
        SqlLeaf l => l.Token.Text,
        _ => string.Empty,
    };
}
