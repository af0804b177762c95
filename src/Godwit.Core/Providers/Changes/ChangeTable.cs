using Godwit.Core.Schema;

namespace Godwit.Core.Providers.Changes;

/// <summary>
/// A table as the change stream logged it: which one, and its columns and key as they were then (they may differ
/// from the schema now when the stream applies changes logged before an ALTER).
/// </summary>
public sealed class ChangeTable
{
    /// <summary>The source's id for the table in this stream (row events refer to it); a new id may mean a changed table.</summary>
    public required ulong Id { get; init; }

    /// <summary>The source schema (MySQL database) of the table.</summary>
    public required string Schema { get; init; }

    public required string Name { get; init; }

    /// <summary>The logged columns in row-image order; a column's name is null when the source logged none (MySQL's binlog_row_metadata=MINIMAL).</summary>
    public required IReadOnlyList<LoggedColumn> Columns { get; init; }

    /// <summary>The logged primary key, as indexes into <see cref="Columns"/>; empty when none was logged.</summary>
    public IReadOnlyList<int> PrimaryKey { get; init; } = [];

    /// <summary>Whether the log describes the columns (names, types, key) rather than only their layout.</summary>
    public bool HasColumnMetadata { get; init; }

    /// <summary>
    /// For a partition (published through its partitioned root): the root's name. A target that lacks the partition
    /// (attached on the source after the migration started) takes its rows through the root.
    /// </summary>
    public string? PartitionRoot { get; init; }
}
