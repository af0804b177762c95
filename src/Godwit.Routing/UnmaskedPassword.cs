using System.Text.RegularExpressions;

namespace Godwit.Routing;

/// <summary>Finds a password that was not masked in a URI meant for the routing file (Godwit masks as <c>****</c>).</summary>
internal static partial class UnmaskedPassword
{
    private const string Mask = "****";

    public static bool IsIn(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return false;
        }

        foreach (var match in UserInfoPassword().Matches(uri).Concat(QueryPassword().Matches(uri)))
        {
            var password = match.Groups["password"].Value;
            if (password.Length > 0 && !string.Equals(password, Mask, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // scheme://user:password@host — the password runs up to the last '@' before the host.
    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:(?<password>[^\s]*)@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPassword();

    [GeneratedRegex(@"\b(?:password|pwd)=(?<password>[^&;\s]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryPassword();
}
