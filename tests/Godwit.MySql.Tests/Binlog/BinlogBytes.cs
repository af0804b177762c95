using System.Buffers.Binary;
using System.Text;
using Godwit.MySql.Binlog;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>Builds binlog event bytes for fixtures: little-endian fields, then the header and CRC32 around a body.</summary>
internal sealed class BinlogBytes
{
    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    public BinlogBytes U8(int value)
    {
        _bytes.Add((byte)value);
        return this;
    }

    public BinlogBytes U16(int value) => Raw(BitConverter.GetBytes((ushort)value));

    public BinlogBytes U32(uint value) => Raw(BitConverter.GetBytes(value));

    public BinlogBytes U48(ulong value) => Raw(BitConverter.GetBytes(value)[..6]);

    public BinlogBytes U64(ulong value) => Raw(BitConverter.GetBytes(value));

    public BinlogBytes Hex(string hex) => Raw(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));

    public BinlogBytes Text(string text) => Raw(Encoding.UTF8.GetBytes(text));

    /// <summary>A packed (length-encoded) integer, as in TABLE_MAP metadata.</summary>
    public BinlogBytes Packed(ulong value) =>
        value < 251 ? U8((int)value) : value <= 0xFFFF ? U8(0xFC).U16((int)value) : throw new ArgumentOutOfRangeException(nameof(value));

    public BinlogBytes PackedText(string text) => Packed((ulong)Encoding.UTF8.GetByteCount(text)).Text(text);

    public BinlogBytes Raw(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _bytes.Add(b);
        }

        return this;
    }

    /// <summary>A whole event: the 19-byte header, the body and (optionally) a CRC32 of both.</summary>
    public static byte[] Event(BinlogEventType type, byte[] body, uint nextPosition = 1000, bool checksum = true, uint serverId = 1, uint timestamp = 1_700_000_000)
    {
        var length = BinlogEventHeader.Size + body.Length + (checksum ? 4 : 0);
        var bytes = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, timestamp);
        bytes[4] = (byte)type;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(5), serverId);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(9), (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(13), nextPosition);
        body.CopyTo(bytes, BinlogEventHeader.Size);
        if (checksum)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(length - 4), BinlogCrc32.Compute(bytes.AsSpan(0, length - 4)));
        }

        return bytes;
    }
}
