namespace Godwit.Postgres.Apply;

/// <summary>A table as it is on the target now: columns (name → type as format_type shows it, and NOT NULL), and index and constraint names.</summary>
public sealed record PgTargetTable(
    string Name,
    IReadOnlyDictionary<string, (string Type, bool NotNull)> Columns,
    IReadOnlySet<string> Indexes,
    IReadOnlySet<string> Constraints);
