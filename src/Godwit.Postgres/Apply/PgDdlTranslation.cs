namespace Godwit.Postgres.Apply;

/// <summary>The target statements for one source DDL statement, or why it cannot be reproduced.</summary>
public sealed record PgDdlTranslation(IReadOnlyList<string> Statements, string? Unsupported)
{
    public static PgDdlTranslation Fail(string reason) => new([], reason);
}
