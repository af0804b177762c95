namespace Godwit.Core.Ddl.Translation;

/// <summary>One MySQL token.</summary>
public sealed record SqlToken(SqlTokenKind Kind, string Text)
{
    public bool IsWord(string word) => Kind == SqlTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    /// <summary>An identifier: a backtick-quoted name, or a bare word the caller knows is not a keyword.</summary>
    public bool IsName => Kind is SqlTokenKind.QuotedIdentifier or SqlTokenKind.Word;
}
