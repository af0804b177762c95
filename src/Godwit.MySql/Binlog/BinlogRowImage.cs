using System.Globalization;
using System.Text;
using Godwit.MySql.Binlog.Decoding;

namespace Godwit.MySql.Binlog;

/// <summary>
/// One row image (the before or after values of a row) decoded to text-protocol bytes: for each
/// column, whether the image includes it (binlog_row_image=MINIMAL/NOBLOB leave columns out), whether
/// it is NULL, and its text. Reused from row to row: spans are valid until the next row is read.
/// </summary>
public sealed class BinlogRowImage
{
    private const int Null = -1;
    private const int Absent = -2;

    private readonly BinlogTextBuffer _text = new();
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private BinlogTableMap? _table;

    public BinlogTableMap Table => _table ?? throw new InvalidOperationException("No row has been read into this image.");

    public int ColumnCount { get; private set; }

    /// <summary>Whether this image carries the column (its bit in the rows event's columns-present bitmap).</summary>
    public bool IsIncluded(int ordinal) => _lengths[CheckOrdinal(ordinal)] != Absent;

    /// <summary>True when the column is NULL, or not included in this image.</summary>
    public bool IsNull(int ordinal) => _lengths[CheckOrdinal(ordinal)] < 0;

    /// <summary>
    /// The value as the text protocol would return it on a utf8mb4 connection with time_zone
    /// '+00:00'; empty for NULL or absent columns (check <see cref="IsNull"/>).
    /// </summary>
    public ReadOnlySpan<byte> GetText(int ordinal)
    {
        var length = _lengths[CheckOrdinal(ordinal)];
        return length < 0 ? default : _text.Slice(_starts[ordinal], length);
    }

    /// <summary>The text decoded as UTF-8 (allocates; for diagnostics and tests), or null.</summary>
    public string? GetString(int ordinal) => IsNull(ordinal) ? null : Encoding.UTF8.GetString(GetText(ordinal));

    /// <summary>Decodes one image from <paramref name="data"/>; returns the bytes it took.</summary>
    internal int Read(ReadOnlySpan<byte> data, ReadOnlySpan<byte> includedColumns, BinlogTableMap table, int columnCount)
    {
        _table = table;
        ColumnCount = columnCount;
        if (_starts.Length < columnCount)
        {
            _starts = new int[columnCount];
            _lengths = new int[columnCount];
        }

        _text.Clear();
        var included = 0;
        for (var i = 0; i < columnCount; i++)
        {
            included += IsBitSet(includedColumns, i) ? 1 : 0;
        }

        var nullBitmap = data[..((included + 7) / 8)];
        var offset = nullBitmap.Length;
        var nullIndex = 0;
        for (var i = 0; i < columnCount; i++)
        {
            if (!IsBitSet(includedColumns, i))
            {
                _lengths[i] = Absent;
                continue;
            }

            if (IsBitSet(nullBitmap, nullIndex++))
            {
                _lengths[i] = Null;
                continue;
            }

            if (i >= table.Columns.Count)
            {
                throw BinlogErrors.Malformed(
                    string.Create(CultureInfo.InvariantCulture, $"a rows event for {table} has column {i}, but its TABLE_MAP has {table.Columns.Count}"));
            }

            var start = _text.Length;
            offset += BinlogColumnDecoder.Decode(data[offset..], table.Columns[i], _text);
            _starts[i] = start;
            _lengths[i] = _text.Length - start;
        }

        return offset;
    }

    private int CheckOrdinal(int ordinal) =>
        (uint)ordinal < (uint)ColumnCount ? ordinal : throw new ArgumentOutOfRangeException(nameof(ordinal));

    private static bool IsBitSet(ReadOnlySpan<byte> bitmap, int index) => (bitmap[index >> 3] & (1 << (index & 7))) != 0;
}
