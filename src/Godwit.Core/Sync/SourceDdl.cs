namespace Godwit.Core.Sync;

/// <summary>
/// A parsed DDL statement: the table changes it makes, or why it cannot be reproduced
/// (<see cref="Unsupported"/>). A statement that changes no table (CREATE USER, GRANT, CREATE VIEW,
/// ANALYZE…) has no actions and is not unsupported: the change stream passes over it.
/// </summary>
public sealed record SourceDdl(IReadOnlyList<SourceDdlAction> Actions, string? Unsupported)
{
    public static SourceDdl None { get; } = new([], null);

    public bool IsUnderstood => Unsupported is null;

    /// <summary>The tables the statement touches (also for unsupported statements, so other databases' DDL can be passed over).</summary>
    public IReadOnlyList<SourceTableName> Tables { get; init; } = [];

    /// <summary>The schema the statement makes (a PostgreSQL <c>CREATE SCHEMA</c>); null for any other.</summary>
    public string? NewSchema { get; init; }

    public static SourceDdl NotUnderstood(string reason, IReadOnlyList<SourceTableName> tables) => new([], reason) { Tables = tables };
}
