namespace Godwit.Core.Sync;

/// <summary>One token of a MySQL statement; <see cref="Start"/> and <see cref="End"/> locate it in the statement's text.</summary>
public readonly record struct DdlToken(DdlTokenKind Kind, string Text)
{
    public int Start { get; init; }

    /// <summary>The offset just past the token.</summary>
    public int End { get; init; }

    public bool IsWord(string word) => Kind == DdlTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(char symbol) => Kind == DdlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;

    /// <summary>A name: a bare word or a quoted identifier.</summary>
    public bool IsName => Kind is DdlTokenKind.Word or DdlTokenKind.QuotedIdentifier;
}
