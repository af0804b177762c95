namespace Godwit.Core.Sync;

/// <summary>What a <see cref="DdlToken"/> is.</summary>
public enum DdlTokenKind
{
    End,

    /// <summary>A bare word: a keyword or an unquoted identifier.</summary>
    Word,

    /// <summary>A `backquoted` identifier (its text unescaped).</summary>
    QuotedIdentifier,

    /// <summary>A 'single' or "double" quoted string (its text unescaped).</summary>
    String,

    Number,

    /// <summary>One punctuation character: ( ) , . ; = and the rest.</summary>
    Symbol,
}
