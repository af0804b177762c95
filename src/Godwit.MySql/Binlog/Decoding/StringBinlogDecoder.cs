using System.Buffers.Binary;

namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// CHAR/BINARY, VARCHAR/VARBINARY, the BLOB/TEXT family and GEOMETRY: a little-endian length prefix
/// and the bytes. Character data is transcoded from the column's collation to UTF-8; binary data
/// and GEOMETRY (SRID + WKB, as the text protocol sends it) are passed through.
/// </summary>
internal static class StringBinlogDecoder
{
    /// <summary>
    /// CHAR and BINARY: 1-byte length (2 when the column can exceed 255 bytes). Field_string::pack
    /// strips trailing pad characters — spaces for CHAR, which the text protocol strips too, but
    /// 0x00 for BINARY(n), which the text protocol returns padded to n bytes; so pad binary values back.
    /// </summary>
    public static int DecodeFixed(ReadOnlySpan<byte> data, BinlogColumn column, BinlogTextBuffer output)
    {
        var prefix = column.Length > 255 ? 2 : 1;
        var length = prefix == 1 ? data[0] : BinaryPrimitives.ReadUInt16LittleEndian(data);
        var value = data.Slice(prefix, length);
        if (column.Hint != BinlogColumnHint.None)
        {
            Span<byte> padded = stackalloc byte[16];
            padded.Clear();
            value[..Math.Min(value.Length, 16)].CopyTo(padded);
            MariaDbPluginTypeDecoder.Decode(padded[..Math.Min(column.Length, 16)], column.Hint, output);
        }
        else if (column.CollationId == BinlogTextTranscoder.BinaryCollation)
        {
            output.Write(value);
            var padding = column.Length - length;
            if (padding > 0)
            {
                output.GetSpan(padding).Clear();
                output.Advance(padding);
            }
        }
        else
        {
            BinlogTextTranscoder.AppendUtf8(value, column.CollationId, output);
        }

        return prefix + length;
    }

    /// <summary>VARCHAR and VARBINARY: 1-byte length when the declared maximum is under 256 bytes, else 2.</summary>
    public static int DecodeVariable(ReadOnlySpan<byte> data, BinlogColumn column, BinlogTextBuffer output)
    {
        var prefix = column.Metadata < 256 ? 1 : 2;
        var length = prefix == 1 ? data[0] : BinaryPrimitives.ReadUInt16LittleEndian(data);
        BinlogTextTranscoder.AppendUtf8(data.Slice(prefix, length), column.CollationId, output);
        return prefix + length;
    }

    /// <summary>BLOB/TEXT (and MariaDB's JSON, a LONGTEXT): a length prefix of metadata (1-4) bytes.</summary>
    public static int DecodeBlob(ReadOnlySpan<byte> data, BinlogColumn column, BinlogTextBuffer output)
    {
        var value = ReadBlob(data, column.Metadata);
        BinlogTextTranscoder.AppendUtf8(value, column.CollationId, output);
        return column.Metadata + value.Length;
    }

    /// <summary>GEOMETRY: like a BLOB; the bytes are the server's internal form (4-byte SRID + WKB).</summary>
    public static int DecodeGeometry(ReadOnlySpan<byte> data, BinlogColumn column, BinlogTextBuffer output)
    {
        var value = ReadBlob(data, column.Metadata);
        output.Write(value);
        return column.Metadata + value.Length;
    }

    /// <summary>MySQL's JSON: like a BLOB, holding the binary JSON document (see <see cref="JsonBinaryDecoder"/>).</summary>
    public static int DecodeJson(ReadOnlySpan<byte> data, BinlogColumn column, BinlogTextBuffer output)
    {
        var value = ReadBlob(data, column.Metadata);
        JsonBinaryDecoder.Decode(value, output);
        return column.Metadata + value.Length;
    }

    internal static ReadOnlySpan<byte> ReadBlob(ReadOnlySpan<byte> data, int prefix)
    {
        var length = prefix switch
        {
            1 => data[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(data),
            3 => data[0] | (data[1] << 8) | (data[2] << 16),
            4 => checked((int)BinaryPrimitives.ReadUInt32LittleEndian(data)),
            _ => throw BinlogErrors.Malformed($"a BLOB column with a {prefix}-byte length prefix"),
        };
        return data.Slice(prefix, length);
    }
}
