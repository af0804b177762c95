using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Godwit.Core.Connections;

/// <summary>
/// Removes passwords from text before it is printed, where they stand: the password part of every URI,
/// <c>password=</c>-style pairs (connection strings, libpq keyword lists, environment assignments such as
/// <c>GODWIT_SOURCE_PASSWORD=…</c>), JSON <c>"password": "…"</c> members and SQL <c>IDENTIFIED BY '…'</c> /
/// <c>PASSWORD '…'</c>. Secrets registered at run time (passwords read from the environment, ~/.pgpass or
/// ~/.my.cnf) are masked in those same places even where the pattern alone would not find their end (a
/// password with spaces, quotes or an unescaped <c>@</c>), and after <c>-p</c>/<c>--password </c> on a command line.
/// A registered secret is never replaced in free text: with the password <c>godwit</c>, the line
/// <c>godwit: migrate: starting</c> must stay as it is, or the mask itself would reveal the password.
/// </summary>
public static partial class SecretMasker
{
    // What may stand before a password. .NET supports variable-length look-behind.
    private const string CredentialContext =
        @"(?<=(?:\b[\w.\-]*(?:password|passwd|pwd|secret)\s*=\s*['""]?)"
        + @"|(?:""[\w.\-]*(?:password|passwd|pwd|secret)""\s*:\s*"")"
        + @"|(?:\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)"
        + @"|(?:\bIDENTIFIED\s+BY\s+['""])"
        + @"|(?:\bPASSWORD\s*\(?\s*['""])"
        + @"|(?:(?:^|\s)(?:-p|--password\s+)['""]?))";

    private static readonly ConcurrentDictionary<string, Regex> Secrets = new(StringComparer.Ordinal);

    /// <summary>Remembers a secret so that <see cref="Mask"/> removes it wherever it stands as a credential.</summary>
    public static void Register(string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            Secrets.GetOrAdd(secret, s => new Regex(
                CredentialContext + "(?:" + Regex.Escape(s) + "|" + Regex.Escape(Uri.EscapeDataString(s)) + ")",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline));
        }
    }

    /// <summary>Masks every password where it stands as a credential (see the type's summary).</summary>
    public static string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        // Registered secrets first, longest first: they know where an awkward password ends.
        var masked = text;
        foreach (var (secret, pattern) in Secrets.OrderByDescending(s => s.Key.Length))
        {
            if (masked.Contains(secret, StringComparison.Ordinal) || masked.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal))
            {
                masked = pattern.Replace(masked, ConnectionUri.Mask);
            }
        }

        masked = MaskUris(masked);
        masked = KeyValuePassword().Replace(masked, m => m.Groups["key"].Value + ConnectionUri.Mask);
        masked = JsonPassword().Replace(masked, m => m.Groups["key"].Value + ConnectionUri.Mask + "\"");
        return SqlPassword().Replace(masked, m => m.Groups["key"].Value + ConnectionUri.Mask + m.Groups["quote"].Value);
    }

    /// <summary>One masked line for an error: the message, plus the inner exception's where it adds something.</summary>
    public static string Describe(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        // The inner error is added unless the message already says it (its first line: PostgreSQL's has a DETAIL after).
        if (ex.InnerException is { } inner && !message.Contains(inner.Message.Split('\n')[0].TrimEnd(), StringComparison.Ordinal))
        {
            message = $"{message} ({inner.Message})";
        }

        return Mask(message);
    }

    /// <summary>Replaces the password of every <c>scheme://user:password@</c> in the text.</summary>
    public static string MaskUris(string text) =>
        UriUserInfo().Replace(text, m => m.Groups["head"].Value + ConnectionUri.Mask + "@");

    // scheme://user:password@ — the password runs up to the last '@' before the host part.
    [GeneratedRegex(@"(?<head>\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)[^\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UriUserInfo();

    // Password=...; password='...', PGPASSWORD=..., GODWIT_TARGET_PASSWORD=... as in connection strings,
    // libpq keyword lists and environment listings. An already masked value is left as it is.
    [GeneratedRegex(@"(?<key>\b[\w.\-]*(?:password|passwd|pwd)\s*=\s*)(?!\*{4}(?:[;\s&'""]|$))(?:'[^']*'|""[^""]*""|[^;\s&]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValuePassword();

    // "password": "..." in JSON.
    [GeneratedRegex(@"(?<key>""[\w.\-]*(?:password|passwd|pwd)""\s*:\s*"")(?:[^""\\]|\\.)*""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JsonPassword();

    // IDENTIFIED BY '...' (MySQL) and PASSWORD '...' (PostgreSQL's CREATE/ALTER ROLE).
    [GeneratedRegex(@"(?<key>\b(?:IDENTIFIED\s+BY|PASSWORD)\s+(?<quote>['""]))(?:(?!\k<quote>).)*\k<quote>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SqlPassword();
}
