namespace Godwit.MySql.Text;

/// <summary>
/// MySQL's "latin1" is Windows-1252, not ISO-8859-1: 0x80 is '€', 0x92 is '’'. The five bytes
/// cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the same C1 control code points,
/// as in MySQL's own conversion table (strings/ctype-latin1.cc). Decoded by table, without
/// depending on the code-pages provider.
/// </summary>
internal static class MySqlLatin1
{
    private static readonly char[] HighControls =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    public static string GetString(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        var chars = bytes.Length <= 512 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            chars[i] = b is >= 0x80 and <= 0x9F ? HighControls[b - 0x80] : (char)b;
        }

        return new string(chars);
    }

    /// <summary>Encodes to MySQL latin1; characters outside the code page become '?', as the server does.</summary>
    public static byte[] GetBytes(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80 || c is >= '\u00A0' and <= '\u00FF')
            {
                bytes[i] = (byte)c;
                continue;
            }

            var index = Array.IndexOf(HighControls, c);
            bytes[i] = index >= 0 ? (byte)(0x80 + index) : (byte)'?';
        }

        return bytes;
    }
}
