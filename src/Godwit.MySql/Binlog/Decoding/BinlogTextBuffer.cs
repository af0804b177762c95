using System.Buffers;
using System.Buffers.Text;

namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// A growable byte buffer the row decoder renders one row image's column texts into. It is reused
/// from row to row, so decoding a row allocates nothing once the buffer has grown to fit.
/// </summary>
internal sealed class BinlogTextBuffer
{
    private byte[] _bytes = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Slice(int start, int length) => _bytes.AsSpan(start, length);

    public void Clear() => Length = 0;

    public Span<byte> GetSpan(int size)
    {
        if (Length + size > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(Length + size, _bytes.Length * 2));
        }

        return _bytes.AsSpan(Length, size);
    }

    public void Advance(int count) => Length += count;

    public void Write(byte value)
    {
        GetSpan(1)[0] = value;
        Length++;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    public void WriteInt64(long value)
    {
        Utf8Formatter.TryFormat(value, GetSpan(20), out var written);
        Length += written;
    }

    public void WriteUInt64(ulong value)
    {
        Utf8Formatter.TryFormat(value, GetSpan(20), out var written);
        Length += written;
    }

    /// <summary>Writes <paramref name="value"/> zero-padded to at least <paramref name="digits"/> digits.</summary>
    public void WritePadded(long value, int digits)
    {
        Utf8Formatter.TryFormat(value, GetSpan(Math.Max(digits, 20)), out var written, new StandardFormat('D', (byte)digits));
        Length += written;
    }

    public void WriteAscii(string text)
    {
        var span = GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        Length += text.Length;
    }
}
