using System.Text;

namespace Godwit.MySql.Text;

/// <summary>Maps collation ids (as sent in column definitions) to decoders.</summary>
internal static class CharacterSets
{
    /// <summary>utf8mb4_general_ci: understood by every MySQL 5.5.3+ and MariaDB server.</summary>
    public const byte Utf8Mb4GeneralCi = 45;

    /// <summary>utf8mb4_0900_ai_ci: MySQL 8's default.</summary>
    public const byte Utf8Mb4Uca0900AiCi = 255;

    private static readonly Encoding Utf16BigEndian = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
    private static readonly Encoding Utf16Little = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
    private static readonly Encoding Utf32BigEndian = new UTF32Encoding(bigEndian: true, byteOrderMark: false);

    public static CharacterSetKind GetKind(int collationId) => collationId switch
    {
        63 => CharacterSetKind.Binary,
        5 or 8 or 15 or 31 or 47 or 48 or 49 or 94 => CharacterSetKind.Latin1,
        11 or 65 => CharacterSetKind.Ascii,
        35 or 90 or (>= 128 and <= 151) or 159 => CharacterSetKind.Ucs2,
        54 or 55 or (>= 101 and <= 124) => CharacterSetKind.Utf16,
        56 or 62 => CharacterSetKind.Utf16LittleEndian,
        60 or 61 or (>= 160 and <= 183) => CharacterSetKind.Utf32,
        // utf8mb3/utf8mb4 and everything else: results are converted to character_set_results,
        // which this client sets to utf8mb4 in the handshake.
        _ => CharacterSetKind.Utf8,
    };

    public static string Decode(CharacterSetKind kind, ReadOnlySpan<byte> bytes) => kind switch
    {
        CharacterSetKind.Latin1 => MySqlLatin1.GetString(bytes),
        CharacterSetKind.Ucs2 or CharacterSetKind.Utf16 => Utf16BigEndian.GetString(bytes),
        CharacterSetKind.Utf16LittleEndian => Utf16Little.GetString(bytes),
        CharacterSetKind.Utf32 => Utf32BigEndian.GetString(bytes),
        // Binary columns of numbers and dates are ASCII text; binary strings are decoded as UTF-8 too.
        _ => Encoding.UTF8.GetString(bytes),
    };
}
