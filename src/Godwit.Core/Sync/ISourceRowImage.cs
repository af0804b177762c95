namespace Godwit.Core.Sync;

/// <summary>
/// One row image of a change (before or after values), each column as the MySQL text protocol would
/// return it, so the apply converts it with the same <see cref="Types.ValueConverter"/> rules as the copy.
/// Spans are valid until the source reads the next row.
/// </summary>
public interface ISourceRowImage
{
    int ColumnCount { get; }

    /// <summary>Whether the image carries the column (binlog_row_image=MINIMAL/NOBLOB leave some out).</summary>
    bool IsIncluded(int ordinal);

    bool IsNull(int ordinal);

    ReadOnlySpan<byte> GetText(int ordinal);
}
