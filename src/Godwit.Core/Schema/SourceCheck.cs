namespace Godwit.Core.Schema;

/// <summary>A CHECK constraint (MySQL 8.0.16+, MariaDB 10.2+); column-level checks are included with their column.</summary>
public sealed record SourceCheck
{
    public required string Name { get; init; }

    public required string Clause { get; init; }

    /// <summary>True for MariaDB's <c>json_valid(col)</c> check that marks a JSON alias column.</summary>
    public bool IsJsonValid { get; init; }
}
