namespace Godwit.Core.Schema;

/// <summary>A base table.</summary>
public sealed record SourceTable
{
    public required string Schema { get; init; }

    public required string Name { get; init; }

    public string? Comment { get; init; }

    public string? Engine { get; init; }

    public string? Collation { get; init; }

    /// <summary>information_schema.TABLES.TABLE_ROWS: an estimate for InnoDB.</summary>
    public long RowEstimate { get; init; }

    public long DataBytes { get; init; }

    public long IndexBytes { get; init; }

    /// <summary>The next AUTO_INCREMENT value, when the table has one.</summary>
    public ulong? AutoIncrement { get; init; }

    public IReadOnlyList<SourceColumn> Columns { get; init; } = [];

    /// <summary>Includes the PRIMARY KEY (kind <see cref="IndexKind.Primary"/>) when there is one.</summary>
    public IReadOnlyList<SourceIndex> Indexes { get; init; } = [];

    public IReadOnlyList<SourceForeignKey> ForeignKeys { get; init; } = [];

    public IReadOnlyList<SourceCheck> Checks { get; init; } = [];

    /// <summary>The partitioning method and expression (e.g. <c>RANGE (year(created))</c>), when partitioned.</summary>
    public string? Partitioning { get; init; }

    public string QualifiedName => $"{Schema}.{Name}";

    /// <summary>Whether the migration knows the table by schema and name (<see cref="SourceDatabase.KeysBySchema"/>).</summary>
    public bool KeyedBySchema { get; init; }

    /// <summary>
    /// The table's name within the migration: what the copy's chunks, the verify's results, the spec's filters and the
    /// stream's lookups use. Its name; <c>schema.name</c> for a PostgreSQL source of several schemas.
    /// </summary>
    public string Key => KeyedBySchema ? QualifiedName : Name;

    public SourceIndex? PrimaryKey => Indexes.FirstOrDefault(i => i.Kind == IndexKind.Primary);

    public SourceColumn? FindColumn(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public SourceColumn Column(string name) =>
        FindColumn(name) ?? throw new KeyNotFoundException($"{QualifiedName} has no column '{name}'.");
}
