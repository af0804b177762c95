namespace Godwit.Core.Specs;

/// <summary>
/// One entry of <c>rules:</c> as written, before the schema rule engine interprets it. A rule selects by
/// source <see cref="Type"/> (e.g. <c>datetime</c>, <c>tinyint(1)</c>), by <see cref="Column"/>
/// (<c>db.table.column</c>) or by <see cref="Table"/> (optionally with a type), and says what to do:
/// a target type (<see cref="To"/>), a zero-date policy or an enum policy.
/// </summary>
public sealed record TypeRuleSpec
{
    public string? Type { get; init; }

    public string? Column { get; init; }

    public string? Table { get; init; }

    public string? To { get; init; }

    public string? ZeroDates { get; init; }

    public string? Enum { get; init; }

    /// <summary>The 1-based line in the spec file, or 0 when the rule came from the command line.</summary>
    public int Line { get; init; }
}
