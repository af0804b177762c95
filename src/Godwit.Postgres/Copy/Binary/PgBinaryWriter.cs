using System.Buffers.Binary;

namespace Godwit.Postgres.Copy.Binary;

/// <summary>
/// A growable buffer of PostgreSQL binary COPY data (PostgreSQL docs, "COPY — Binary Format"): the file header,
/// tuples (an int16 field count, then per field an int32 length, -1 for NULL, and the value in the type's send
/// format, all big-endian), and the trailer. Reused between batches, so memory stays flat.
/// </summary>
internal sealed class PgBinaryWriter
{
    // "PGCOPY\n\377\r\n\0", then int32 flags (no OIDs) and int32 header-extension length.
    private static readonly byte[] Header = [.. PgCopySignature.Bytes, 0, 0, 0, 0, 0, 0, 0, 0];

    private byte[] _buffer = new byte[64 * 1024];
    private int _length;
    private int _fieldStart = -1;

    public int Length => _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void Reset() => _length = 0;

    public void WriteHeader() => Append(Header);

    public void WriteTrailer() => WriteInt16(-1);

    public void StartRow(int fields) => WriteInt16(checked((short)fields));

    public void WriteNull() => WriteInt32(-1);

    /// <summary>Opens a field whose length is filled in by <see cref="EndField"/>.</summary>
    public void BeginField()
    {
        _fieldStart = _length;
        WriteInt32(0);
    }

    public void EndField()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_fieldStart), _length - _fieldStart - 4);
        _fieldStart = -1;
    }

    /// <summary>Forgets what was written since <paramref name="length"/> (a row whose value failed to convert).</summary>
    public void Truncate(int length) => _length = length;

    public void WriteField(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        Append(value);
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteInt16(short value)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>A span of <paramref name="size"/> bytes to fill, then <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        return _buffer.AsSpan(_length, size);
    }

    public void Advance(int count) => _length += count;

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
