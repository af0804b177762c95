namespace Godwit.Postgres.Apply;

/// <summary>The target statements for one source DDL statement, or why it cannot be reproduced.</summary>
public sealed record PgDdlTranslation(IReadOnlyList<string> Statements, string? Unsupported)
{
    /// <summary>
    /// The target tables (qualified) whose dependent views are dropped before <see cref="Statements"/> and made again
    /// after them (<see cref="PgDependentViews"/>): a column type change or drop PostgreSQL refuses under a view, and a
    /// table renamed or dropped, which PostgreSQL's views follow by identity where MySQL's follow by name.
    /// </summary>
    public IReadOnlyList<string> ViewsAround { get; init; } = [];

    /// <summary>What the stream passes over with a warning: a view, trigger or routine the translator leaves untranslated.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static PgDdlTranslation Fail(string reason) => new([], reason);
}
