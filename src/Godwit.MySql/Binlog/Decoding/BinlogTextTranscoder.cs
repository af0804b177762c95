using System.Text;
using Godwit.MySql.Text;

namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// Turns character data from its column charset into UTF-8, as the text protocol does for a
/// utf8mb4 connection (character_set_results). The binlog holds the bytes in the column's own
/// charset; binary data (collation 63) and unknown collations are passed through unchanged.
/// </summary>
internal static class BinlogTextTranscoder
{
    public const int BinaryCollation = 63;

    public static void AppendUtf8(ReadOnlySpan<byte> bytes, int? collationId, BinlogTextBuffer output)
    {
        var kind = collationId is { } id ? CharacterSets.GetKind(id) : CharacterSetKind.Utf8;
        switch (kind)
        {
            case CharacterSetKind.Utf8 or CharacterSetKind.Binary or CharacterSetKind.Ascii:
                output.Write(bytes);
                break;
            case CharacterSetKind.Latin1 when IsAscii(bytes):
                output.Write(bytes);
                break;
            default:
                // Rare charsets allocate one string per value; UTF-8 and ASCII-only latin1 do not.
                var text = CharacterSets.Decode(kind, bytes);
                var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
                output.Advance(Encoding.UTF8.GetBytes(text, span));
                break;
        }
    }

    public static IReadOnlyList<byte[]>? ToUtf8(IReadOnlyList<byte[]>? values, int? collationId)
    {
        if (values is null)
        {
            return null;
        }

        var buffer = new BinlogTextBuffer();
        var result = new byte[values.Count][];
        for (var i = 0; i < values.Count; i++)
        {
            buffer.Clear();
            AppendUtf8(values[i], collationId, buffer);
            result[i] = buffer.Slice(0, buffer.Length).ToArray();
        }

        return result;
    }

    private static bool IsAscii(ReadOnlySpan<byte> bytes) => System.Text.Ascii.IsValid(bytes);
}
