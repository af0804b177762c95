namespace Godwit.Core.Copy;

/// <summary>
/// A bounded batch of source rows in their raw (MySQL text-protocol) form: one contiguous byte buffer plus an
/// offset and length per value (length -1 for NULL). The reader fills it, the writer converts and sends it,
/// and a failing batch can be sent again in halves (bisection) because the bytes are still here. Batches are
/// pooled and reused, so the copy's memory does not grow with table size.
/// </summary>
public sealed class RowBatch
{
    private byte[] _data;
    private int[] _offsets;
    private int[] _lengths;
    private int _used;
    private int _rowCapacity;

    public RowBatch(int columns, int rowCapacity = DefaultRowCapacity, int byteCapacity = DefaultByteCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowCapacity);
        ColumnCount = columns;
        RowCapacity = rowCapacity;
        ByteCapacity = byteCapacity;
        _rowCapacity = Math.Min(rowCapacity, 1024);
        _data = new byte[Math.Min(byteCapacity, 256 * 1024)];
        _offsets = new int[Math.Max(1, _rowCapacity * columns)];
        _lengths = new int[_offsets.Length];
    }

    public const int DefaultRowCapacity = 8192;

    public const int DefaultByteCapacity = 4 * 1024 * 1024;

    public int ColumnCount { get; private set; }

    /// <summary>Rows in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of values in the batch (what was read from the source).</summary>
    public long ByteCount => _used;

    public int RowCapacity { get; }

    public int ByteCapacity { get; }

    /// <summary>The batch should be sent: it holds its row limit or its byte budget.</summary>
    public bool IsFull => Count >= RowCapacity || _used >= ByteCapacity;

    /// <summary>Empties the batch for reuse, possibly for a table with a different number of columns.</summary>
    public void Reset(int columns)
    {
        ColumnCount = columns;
        Count = 0;
        _used = 0;
        if (_offsets.Length < _rowCapacity * columns)
        {
            _offsets = new int[_rowCapacity * columns];
            _lengths = new int[_offsets.Length];
        }
    }

    /// <summary>Sets value <paramref name="column"/> of the row being built (row <see cref="Count"/>).</summary>
    public void SetValue(int column, ReadOnlySpan<byte> value)
    {
        var slot = Slot(column);
        if (_used + value.Length > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _used + value.Length));
        }

        value.CopyTo(_data.AsSpan(_used));
        _offsets[slot] = _used;
        _lengths[slot] = value.Length;
        _used += value.Length;
    }

    public void SetNull(int column)
    {
        var slot = Slot(column);
        _offsets[slot] = 0;
        _lengths[slot] = -1;
    }

    /// <summary>Completes the row being built.</summary>
    public void CommitRow() => Count++;

    public bool IsNull(int row, int column) => _lengths[(row * ColumnCount) + column] < 0;

    public ReadOnlySpan<byte> Value(int row, int column)
    {
        var slot = (row * ColumnCount) + column;
        var length = _lengths[slot];
        return length < 0 ? ReadOnlySpan<byte>.Empty : _data.AsSpan(_offsets[slot], length);
    }

    /// <summary>The value as memory over the batch's buffer (valid until the batch is reset).</summary>
    public ReadOnlyMemory<byte> ValueMemory(int row, int column)
    {
        var slot = (row * ColumnCount) + column;
        var length = _lengths[slot];
        return length < 0 ? ReadOnlyMemory<byte>.Empty : _data.AsMemory(_offsets[slot], length);
    }

    /// <summary>The raw bytes of one row (sum of its value lengths), for byte accounting of rejects.</summary>
    public long RowBytes(int row)
    {
        long total = 0;
        for (var c = 0; c < ColumnCount; c++)
        {
            total += Math.Max(0, _lengths[(row * ColumnCount) + c]);
        }

        return total;
    }

    private int Slot(int column)
    {
        if (Count >= _rowCapacity)
        {
            _rowCapacity = Math.Min(RowCapacity, _rowCapacity * 2);
            if (Count >= _rowCapacity)
            {
                _rowCapacity = Count + 1;
            }

            Array.Resize(ref _offsets, _rowCapacity * ColumnCount);
            Array.Resize(ref _lengths, _rowCapacity * ColumnCount);
        }

        return (Count * ColumnCount) + column;
    }
}
