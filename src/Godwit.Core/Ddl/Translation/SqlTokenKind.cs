namespace Godwit.Core.Ddl.Translation;

/// <summary>What a MySQL token is.</summary>
public enum SqlTokenKind
{
    /// <summary>A bare word: keyword, function name or unquoted identifier.</summary>
    Word,

    /// <summary>A `backtick` identifier (text without the backticks).</summary>
    QuotedIdentifier,

    /// <summary>A string literal (text unescaped).</summary>
    String,

    Number,

    /// <summary>An operator or punctuation.</summary>
    Symbol,

    /// <summary>A user variable (<c>@x</c>) or a system variable (<c>@@x</c>).</summary>
    Variable,
}
