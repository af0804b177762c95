namespace Godwit.Postgres.Apply;

/// <summary>A target table's primary key: the constraint's name and its columns in key order.</summary>
public sealed record PgTargetPrimaryKey(string Name, IReadOnlyList<string> Columns);
