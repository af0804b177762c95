using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Godwit.MySql.Protocol;

/// <summary>
/// Builds one outgoing packet payload in a pooled buffer. The first <see cref="HeaderSize"/> bytes
/// are reserved so that the transport can write the packet header in place and send a small packet
/// with a single write.
/// </summary>
internal sealed class MySqlPayloadWriter : IDisposable
{
    public const int HeaderSize = 4;

    private byte[] _buffer;
    private int _length;

    public MySqlPayloadWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16) + HeaderSize);
        _length = HeaderSize;
    }

    /// <summary>Bytes written after the reserved header.</summary>
    public int PayloadLength => _length - HeaderSize;

    /// <summary>The reserved header space followed by the payload.</summary>
    internal byte[] Buffer => _buffer;

    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(HeaderSize, PayloadLength);

    public void Reset() => _length = HeaderSize;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(GetSpan(2), value);
        _length += 2;
    }

    public void WriteUInt24(uint value)
    {
        var span = GetSpan(3);
        span[0] = (byte)value;
        span[1] = (byte)(value >> 8);
        span[2] = (byte)(value >> 16);
        _length += 3;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(GetSpan(4), value);
        _length += 4;
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(GetSpan(8), value);
        _length += 8;
    }

    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(GetSpan(4), value);
        _length += 4;
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(GetSpan(8), value);
        _length += 8;
    }

    public void WriteLengthEncodedInteger(ulong value)
    {
        switch (value)
        {
            case < 0xFB:
                WriteByte((byte)value);
                break;
            case <= 0xFFFF:
                WriteByte(0xFC);
                WriteUInt16((ushort)value);
                break;
            case <= 0xFFFFFF:
                WriteByte(0xFD);
                WriteUInt24((uint)value);
                break;
            default:
                WriteByte(0xFE);
                WriteUInt64(value);
                break;
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    public void WriteZeros(int count)
    {
        GetSpan(count)[..count].Clear();
        _length += count;
    }

    /// <summary>Writes the UTF-8 bytes of <paramref name="text"/> without a length or terminator.</summary>
    public void WriteUtf8(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var written = Encoding.UTF8.GetBytes(text, GetSpan(max));
        _length += written;
    }

    public void WriteNullTerminatedString(string text)
    {
        WriteUtf8(text);
        WriteByte(0);
    }

    public void WriteLengthEncodedBytes(ReadOnlySpan<byte> bytes)
    {
        WriteLengthEncodedInteger((ulong)bytes.Length);
        Write(bytes);
    }

    public void WriteLengthEncodedString(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        WriteLengthEncodedInteger((ulong)count);
        var written = Encoding.UTF8.GetBytes(text, GetSpan(count));
        _length += written;
    }

    /// <summary>Space for at least <paramref name="size"/> bytes at the current position; call <see cref="Advance"/> after writing.</summary>
    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        return _buffer.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int size)
    {
        if (_length + size <= _buffer.Length)
        {
            return;
        }

        var needed = (long)_length + size;
        var newSize = (int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_buffer.Length * 2));
        var bigger = ArrayPool<byte>.Shared.Rent(newSize);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
