namespace Godwit.Core.Ddl.Translation;

/// <summary>A single token.</summary>
public sealed record SqlLeaf(SqlToken Token) : SqlNode
{
    public bool IsWord(string word) => Token.IsWord(word);

    public bool IsSymbol(string symbol) => Token.IsSymbol(symbol);
}
