using System.Security.Cryptography;
using System.Text;
using Godwit.Core.Specs;

namespace Godwit.Core.Ddl;

/// <summary>PostgreSQL identifiers: always quoted (so reserved words and case are safe), at most 63 bytes.</summary>
public static class PgIdentifier
{
    /// <summary>NAMEDATALEN - 1.</summary>
    public const int MaxBytes = 63;

    /// <summary><c>"name"</c> with embedded double quotes doubled.</summary>
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary><c>"schema"."name"</c>.</summary>
    public static string Qualify(string schema, string name) => Quote(schema) + "." + Quote(name);

    /// <summary>Applies the identifier case option: lower case (PostgreSQL's folding, the default) or kept.</summary>
    public static string Fold(string name, IdentifierCase identifierCase) =>
        identifierCase == IdentifierCase.Keep ? name : name.ToLowerInvariant();

    /// <summary>
    /// Makes a name fit 63 UTF-8 bytes deterministically: names that fit are unchanged; longer ones keep a
    /// prefix (whole characters) and end with <c>_</c> plus 8 hex digits of the full name's SHA-256.
    /// </summary>
    public static string Fit(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Encoding.UTF8.GetByteCount(name) <= MaxBytes)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        var budget = MaxBytes - 9;
        var sb = new StringBuilder();
        var used = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            var n = rune.Utf8SequenceLength;
            if (used + n > budget)
            {
                break;
            }

            sb.Append(rune.ToString());
            used += n;
        }

        return sb.Append('_').Append(hash).ToString();
    }
}
