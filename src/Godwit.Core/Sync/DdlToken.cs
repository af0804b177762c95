namespace Godwit.Core.Sync;

/// <summary>One token of a MySQL statement.</summary>
public readonly record struct DdlToken(DdlTokenKind Kind, string Text)
{
    public bool IsWord(string word) => Kind == DdlTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(char symbol) => Kind == DdlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;

    /// <summary>A name: a bare word or a quoted identifier.</summary>
    public bool IsName => Kind is DdlTokenKind.Word or DdlTokenKind.QuotedIdentifier;
}
