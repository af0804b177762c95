namespace Godwit.Core.Schema;

/// <summary>A MySQL/MariaDB database as introspected: everything schema creation, copy and CDC need.</summary>
public sealed record SourceDatabase
{
    public required string Name { get; init; }

    /// <summary>The server's version string, e.g. <c>10.11.6-MariaDB</c>.</summary>
    public string ServerVersion { get; init; } = string.Empty;

    public bool IsMariaDb { get; init; }

    public string? DefaultCharset { get; init; }

    public string? DefaultCollation { get; init; }

    public IReadOnlyList<SourceTable> Tables { get; init; } = [];

    public IReadOnlyList<SourceView> Views { get; init; } = [];

    public IReadOnlyList<SourceTrigger> Triggers { get; init; } = [];

    public IReadOnlyList<SourceRoutine> Routines { get; init; } = [];

    public SourceTable? FindTable(string name) =>
        Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal))
        ?? Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}

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

    public SourceIndex? PrimaryKey => Indexes.FirstOrDefault(i => i.Kind == IndexKind.Primary);

    public SourceColumn? FindColumn(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public SourceColumn Column(string name) =>
        FindColumn(name) ?? throw new KeyNotFoundException($"{QualifiedName} has no column '{name}'.");
}

/// <summary>A column of a source table.</summary>
public sealed record SourceColumn
{
    public required string Name { get; init; }

    /// <summary>1-based position.</summary>
    public int Ordinal { get; init; }

    public required MySqlType Type { get; init; }

    public bool IsNullable { get; init; } = true;

    public ColumnDefault Default { get; init; } = ColumnDefault.None;

    public bool OnUpdateCurrentTimestamp { get; init; }

    public bool IsAutoIncrement { get; init; }

    /// <summary>The generation expression of a generated column (as the server shows it), else null.</summary>
    public string? GenerationExpression { get; init; }

    public bool IsStoredGenerated { get; init; }

    public string? Comment { get; init; }

    public string? Charset { get; init; }

    public string? Collation { get; init; }

    public bool IsGenerated => GenerationExpression is not null;
}

/// <summary>What kind of default a column has, normalised across MySQL and MariaDB.</summary>
public enum ColumnDefaultKind
{
    /// <summary>No DEFAULT clause.</summary>
    None,

    /// <summary>DEFAULT NULL.</summary>
    Null,

    /// <summary>A literal, unquoted (e.g. <c>abc</c>, <c>0</c>, <c>0000-00-00 00:00:00</c>).</summary>
    Literal,

    /// <summary>CURRENT_TIMESTAMP / NOW() with optional fractional seconds.</summary>
    CurrentTimestamp,

    /// <summary>Any other expression, as the server shows it.</summary>
    Expression,
}

/// <summary>A column default, normalised: MariaDB's quoted literals and MySQL's raw ones end up alike.</summary>
public sealed record ColumnDefault(ColumnDefaultKind Kind, string? Value = null)
{
    public static ColumnDefault None { get; } = new(ColumnDefaultKind.None);

    public static ColumnDefault Null { get; } = new(ColumnDefaultKind.Null);

    public static ColumnDefault Literal(string value) => new(ColumnDefaultKind.Literal, value);

    public static ColumnDefault Expression(string value) => new(ColumnDefaultKind.Expression, value);

    public static ColumnDefault CurrentTimestamp(int fsp = 0) =>
        new(ColumnDefaultKind.CurrentTimestamp, fsp.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

public enum IndexKind
{
    Primary,
    Unique,
    Index,
    Fulltext,
    Spatial,
}

/// <summary>An index (or the primary key) of a source table.</summary>
public sealed record SourceIndex
{
    public required string Name { get; init; }

    public IndexKind Kind { get; init; }

    public IReadOnlyList<SourceIndexPart> Parts { get; init; } = [];

    public string? Comment { get; init; }

    public bool IsUniqueOrPrimary => Kind is IndexKind.Primary or IndexKind.Unique;
}

/// <summary>One part of an index: a column (possibly a prefix of it), or an expression (MySQL 8 functional indexes).</summary>
public sealed record SourceIndexPart
{
    public string? Column { get; init; }

    /// <summary>Prefix length in characters (or bytes for binary columns), for <c>KEY (name(10))</c>.</summary>
    public int? PrefixLength { get; init; }

    public bool Descending { get; init; }

    public string? Expression { get; init; }
}

/// <summary>A foreign key.</summary>
public sealed record SourceForeignKey
{
    public required string Name { get; init; }

    public IReadOnlyList<string> Columns { get; init; } = [];

    public required string ReferencedSchema { get; init; }

    public required string ReferencedTable { get; init; }

    public IReadOnlyList<string> ReferencedColumns { get; init; } = [];

    /// <summary>CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION.</summary>
    public string OnDelete { get; init; } = "RESTRICT";

    public string OnUpdate { get; init; } = "RESTRICT";
}

/// <summary>A CHECK constraint (MySQL 8.0.16+, MariaDB 10.2+); column-level checks are included with their column.</summary>
public sealed record SourceCheck
{
    public required string Name { get; init; }

    public required string Clause { get; init; }

    /// <summary>True for MariaDB's <c>json_valid(col)</c> check that marks a JSON alias column.</summary>
    public bool IsJsonValid { get; init; }
}

public sealed record SourceView
{
    public required string Schema { get; init; }

    public required string Name { get; init; }

    public required string Definition { get; init; }

    public string? CheckOption { get; init; }
}

public sealed record SourceTrigger
{
    public required string Name { get; init; }

    public required string Table { get; init; }

    public required string Timing { get; init; }

    public required string Event { get; init; }

    public string Statement { get; init; } = string.Empty;
}

public sealed record SourceRoutine
{
    public required string Name { get; init; }

    /// <summary>PROCEDURE or FUNCTION.</summary>
    public required string Kind { get; init; }
}
