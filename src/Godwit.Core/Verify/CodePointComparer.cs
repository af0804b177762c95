namespace Godwit.Core.Verify;

/// <summary>
/// Orders strings by Unicode code point, i.e. by their UTF-8 bytes: what <c>utf8mb4_bin</c> and PostgreSQL's
/// <c>"C"</c> collation do. <see cref="string.CompareOrdinal(string, string)"/> differs for characters above U+FFFF
/// (UTF-16 surrogates sort below U+E000…U+FFFF), so those are compared as code points.
/// </summary>
public static class CodePointComparer
{
    public static int Compare(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var n = Math.Min(left.Length, right.Length);
        for (var i = 0; i < n; i++)
        {
            var a = left[i];
            var b = right[i];
            if (a == b)
            {
                continue;
            }

            return Weight(a).CompareTo(Weight(b));
        }

        return left.Length.CompareTo(right.Length);
    }

    // Surrogates (U+D800…U+DFFF) stand for code points above U+FFFF: lift them above every BMP character.
    private static int Weight(char c) => char.IsSurrogate(c) ? c + 0x10000 : c;
}
