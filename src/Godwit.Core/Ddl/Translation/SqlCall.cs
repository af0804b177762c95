namespace Godwit.Core.Ddl.Translation;

/// <summary>A function call: a name directly followed by parentheses.</summary>
public sealed record SqlCall(string Name, IReadOnlyList<SqlNode> Inner) : SqlNode
{
    /// <summary>The arguments: the inner nodes split at top-level commas.</summary>
    public IReadOnlyList<IReadOnlyList<SqlNode>> Arguments => SqlTree.SplitAt(Inner, ",");
}
