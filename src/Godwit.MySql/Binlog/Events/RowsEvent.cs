using System.Globalization;

namespace Godwit.MySql.Binlog.Events;

/// <summary>
/// WRITE_ROWS, UPDATE_ROWS or DELETE_ROWS (v1 and v2): the rows one statement changed in one table,
/// up to binlog_row_event_max_size bytes (a big statement spans many events, the last one flagged
/// <see cref="IsStatementEnd"/>). Rows are decoded one at a time on <see cref="ReadRow"/>, into two
/// images the client reuses, so a transaction of any size streams through in constant memory.
/// </summary>
public sealed class RowsEvent : BinlogEvent
{
    /// <summary>STMT_END_F: the last rows event of its statement.</summary>
    public const ushort StatementEndFlag = 0x0001;

    private readonly ReadOnlyMemory<byte> _rows;
    private readonly ReadOnlyMemory<byte> _includedBefore;
    private readonly ReadOnlyMemory<byte> _includedAfter;
    private readonly BinlogRowImage _before;
    private readonly BinlogRowImage _after;
    private int _offset;

    internal RowsEvent(
        BinlogEventHeader header, RowsEventKind kind, BinlogTableMap table, ushort flags, int columnCount,
        ReadOnlyMemory<byte> extraData, ReadOnlyMemory<byte> includedBefore, ReadOnlyMemory<byte> includedAfter,
        ReadOnlyMemory<byte> rows, BinlogRowImage before, BinlogRowImage after)
        : base(header)
    {
        Kind = kind;
        Table = table;
        Flags = flags;
        ColumnCount = columnCount;
        ExtraData = extraData;
        _includedBefore = includedBefore;
        _includedAfter = includedAfter;
        _rows = rows;
        _before = before;
        _after = after;
    }

    public RowsEventKind Kind { get; }

    public BinlogTableMap Table { get; }

    public ushort Flags { get; }

    public bool IsStatementEnd => (Flags & StatementEndFlag) != 0;

    /// <summary>Columns in the row images (the table's, at the time of the event).</summary>
    public int ColumnCount { get; }

    /// <summary>
    /// The columns-present bitmap (bit i, least significant first, set when column i is in the image):
    /// of the before image for updates and deletes, of the after image for inserts.
    /// </summary>
    public ReadOnlyMemory<byte> IncludedColumns => _includedBefore;

    /// <summary>For updates, the after image's columns-present bitmap; otherwise the same as <see cref="IncludedColumns"/>.</summary>
    public ReadOnlyMemory<byte> IncludedColumnsAfter => _includedAfter;

    /// <summary>The v2 extra-data block (TLV, e.g. partition info), empty for v1.</summary>
    public ReadOnlyMemory<byte> ExtraData { get; }

    /// <summary>The before image of the current row (update, delete); null for inserts or before the first <see cref="ReadRow"/>.</summary>
    public BinlogRowImage? Before { get; private set; }

    /// <summary>The after image of the current row (insert, update); null for deletes or before the first <see cref="ReadRow"/>.</summary>
    public BinlogRowImage? After { get; private set; }

    /// <summary>Decodes the next row into <see cref="Before"/>/<see cref="After"/>; false when the event has no more rows.</summary>
    public bool ReadRow()
    {
        var rows = _rows.Span;
        if (_offset >= rows.Length)
        {
            Before = null;
            After = null;
            return false;
        }

        try
        {
            if (Kind != RowsEventKind.Insert)
            {
                _offset += _before.Read(rows[_offset..], _includedBefore.Span, Table, ColumnCount);
                Before = _before;
            }

            if (Kind != RowsEventKind.Delete)
            {
                _offset += _after.Read(rows[_offset..], Kind == RowsEventKind.Update ? _includedAfter.Span : _includedBefore.Span, Table, ColumnCount);
                After = _after;
            }
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // A value ran past the event: the row does not match its TABLE_MAP. Never guess on.
            throw BinlogErrors.Malformed(
                string.Create(CultureInfo.InvariantCulture, $"a {Kind} rows event for {Table} ends inside a row (at byte {_offset} of {rows.Length})"));
        }

        return true;
    }
}
