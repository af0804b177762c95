namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// What translating one body gave: the PostgreSQL statements (empty when refused), the reason it was refused, and the
/// approximations noted on the way.
/// </summary>
public sealed record TranslationOutcome
{
    public IReadOnlyList<string> Statements { get; init; } = [];

    /// <summary>Why the body was not translated; null when it was.</summary>
    public string? Reason { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>What callers of the translated object must do differently (a warning, where notes are information).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool Translated => Reason is null;

    public static TranslationOutcome Refused(string reason, IReadOnlyList<string>? notes = null) => new() { Reason = reason, Notes = notes ?? [] };
}
