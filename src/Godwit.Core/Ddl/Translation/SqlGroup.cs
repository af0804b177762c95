namespace Godwit.Core.Ddl.Translation;

/// <summary>A parenthesised list: an expression in parentheses, a subquery, a column list.</summary>
public sealed record SqlGroup(IReadOnlyList<SqlNode> Items) : SqlNode
{
    public bool IsSubquery => Items.Count > 0 && Items[0] is SqlLeaf l && (l.IsWord("select") || l.IsWord("with"));
}
