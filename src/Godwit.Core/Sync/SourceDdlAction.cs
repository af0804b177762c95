using Godwit.Core.Schema;

namespace Godwit.Core.Sync;

/// <summary>
/// One action of a DDL statement. <see cref="Column"/> is the column acted on (the old name for renames),
/// <see cref="NewName"/> the new column or table name for renames.
/// </summary>
public sealed record SourceDdlAction(SourceDdlKind Kind, SourceTableName Table)
{
    public string? Column { get; init; }

    public string? NewName { get; init; }

    /// <summary>For <see cref="SourceDdlKind.RenameTable"/>: the new table (it may name another database).</summary>
    public SourceTableName? NewTable { get; init; }

    /// <summary>
    /// For ADD, MODIFY and CHANGE COLUMN: the column as the statement defines it (named by its new name), or null when
    /// the definition is not understood and the source schema has to say what the column is.
    /// </summary>
    public SourceColumn? Definition { get; init; }

    /// <summary>For <see cref="SourceDdlKind.CreateTable"/> made LIKE another table: that table.</summary>
    public SourceTableName? LikeTable { get; init; }

    /// <summary>For <see cref="SourceDdlKind.AddPrimaryKey"/>: the key's columns (source names), in key order.</summary>
    public IReadOnlyList<string>? KeyColumns { get; init; }

    /// <summary>For <see cref="SourceDdlKind.Native"/>: the statement as the source ran it.</summary>
    public string? Sql { get; init; }

    /// <summary>For <see cref="SourceDdlKind.Native"/>: the search_path the source ran it under (its unqualified names resolve through it).</summary>
    public string? SearchPath { get; init; }
}
