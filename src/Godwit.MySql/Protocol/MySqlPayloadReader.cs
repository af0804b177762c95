using System.Buffers.Binary;
using System.Text;

namespace Godwit.MySql.Protocol;

/// <summary>
/// Reads the protocol's primitive types from one packet payload. Every read advances the position;
/// reading past the end throws a malformed-packet <see cref="MySqlException"/> rather than an
/// <see cref="IndexOutOfRangeException"/>, so a truncated packet is reported as a protocol error.
/// </summary>
internal ref struct MySqlPayloadReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _position;

    public MySqlPayloadReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _payload.Length - _position;

    public readonly bool IsAtEnd => _position >= _payload.Length;

    public readonly ReadOnlySpan<byte> RemainingBytes => _payload[_position..];

    public readonly byte PeekByte() => _position < _payload.Length ? _payload[_position] : throw Truncated();

    public byte ReadByte() => _payload[Advance(1)];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(_payload.Slice(Advance(2), 2));

    public uint ReadUInt24()
    {
        var start = Advance(3);
        return (uint)(_payload[start] | (_payload[start + 1] << 8) | (_payload[start + 2] << 16));
    }

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(_payload.Slice(Advance(4), 4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(_payload.Slice(Advance(8), 8));

    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(_payload.Slice(Advance(4), 4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(_payload.Slice(Advance(8), 8));

    /// <summary>
    /// int&lt;lenenc&gt;: &lt; 0xFB is the value itself; 0xFC, 0xFD, 0xFE prefix a 2-, 3- or 8-byte integer.
    /// 0xFB (NULL in rows) and 0xFF (ERR) are not integers and are rejected here.
    /// </summary>
    public ulong ReadLengthEncodedInteger()
    {
        var first = ReadByte();
        return first switch
        {
            < 0xFB => first,
            0xFC => ReadUInt16(),
            0xFD => ReadUInt24(),
            0xFE => ReadUInt64(),
            _ => throw MySqlException.Client(MySqlClientError.MalformedPacket, $"Invalid length-encoded integer prefix 0x{first:X2}."),
        };
    }

    /// <summary>A length-encoded integer, or null when the column value is NULL (0xFB).</summary>
    public int? ReadLengthEncodedLengthOrNull()
    {
        if (PeekByte() == 0xFB)
        {
            _position++;
            return null;
        }

        return checked((int)ReadLengthEncodedInteger());
    }

    public ReadOnlySpan<byte> ReadBytes(int length) => _payload.Slice(Advance(length), length);

    public ReadOnlySpan<byte> ReadLengthEncodedBytes() => ReadBytes(checked((int)ReadLengthEncodedInteger()));

    public string ReadLengthEncodedString() => Encoding.UTF8.GetString(ReadLengthEncodedBytes());

    /// <summary>string&lt;NUL&gt;; a missing terminator is tolerated at the end of the payload (some servers omit it).</summary>
    public ReadOnlySpan<byte> ReadNullTerminatedBytes()
    {
        var rest = _payload[_position..];
        var nul = rest.IndexOf((byte)0);
        if (nul < 0)
        {
            _position = _payload.Length;
            return rest;
        }

        _position += nul + 1;
        return rest[..nul];
    }

    public string ReadNullTerminatedString() => Encoding.UTF8.GetString(ReadNullTerminatedBytes());

    public ReadOnlySpan<byte> ReadToEnd()
    {
        var rest = _payload[_position..];
        _position = _payload.Length;
        return rest;
    }

    public void Skip(int count) => Advance(count);

    private int Advance(int count)
    {
        var start = _position;
        if (count < 0 || start + count > _payload.Length)
        {
            throw Truncated();
        }

        _position = start + count;
        return start;
    }

    private static MySqlException Truncated() =>
        MySqlException.Client(MySqlClientError.MalformedPacket, "The server sent a truncated packet.");
}
