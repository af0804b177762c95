namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// BIT(n): (n+7)/8 big-endian bytes. The text protocol also sends BIT as these raw bytes, so they
/// are passed through. Metadata: bits % 8 in the first byte, whole bytes in the second.
/// </summary>
internal static class BitBinlogDecoder
{
    public static int Size(ushort metadata) => (metadata >> 8) + ((metadata & 0xFF) > 0 ? 1 : 0);

    public static int Decode(ReadOnlySpan<byte> data, ushort metadata, BinlogTextBuffer output)
    {
        var size = Size(metadata);
        output.Write(data[..size]);
        return size;
    }
}
