using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Godwit.Core.Connections;

/// <summary>
/// Removes passwords from any text before it is printed: the password part of every URI, and every
/// secret registered at run time (passwords read from the environment, ~/.pgpass or ~/.my.cnf),
/// wherever it occurs. Every log line, error and report goes through <see cref="Mask"/>.
/// </summary>
public static partial class SecretMasker
{
    // Secrets shorter than this are not replaced inside arbitrary text: masking "a" everywhere
    // would garble messages. Their URIs are still masked by pattern.
    private const int MinimumFreeTextSecretLength = 3;

    private static readonly ConcurrentDictionary<string, byte> Secrets = new(StringComparer.Ordinal);

    /// <summary>Remembers a secret so that <see cref="Mask"/> removes it from any text.</summary>
    public static void Register(string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            Secrets.TryAdd(secret, 0);
        }
    }

    /// <summary>Masks URI passwords, <c>password=</c> pairs and every registered secret.</summary>
    public static string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var masked = MaskUris(text);
        masked = KeyValuePassword().Replace(masked, m => m.Groups["key"].Value + ConnectionUri.Mask);
        foreach (var secret in Secrets.Keys.OrderByDescending(s => s.Length))
        {
            if (secret.Length >= MinimumFreeTextSecretLength)
            {
                masked = masked.Replace(secret, ConnectionUri.Mask, StringComparison.Ordinal);
                var escaped = Uri.EscapeDataString(secret);
                if (!string.Equals(escaped, secret, StringComparison.Ordinal))
                {
                    masked = masked.Replace(escaped, ConnectionUri.Mask, StringComparison.Ordinal);
                }
            }
        }

        return masked;
    }

    /// <summary>One masked line for an error: the message, plus the inner exception's where it adds something.</summary>
    public static string Describe(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        if (ex.InnerException is { } inner && !message.Contains(inner.Message, StringComparison.Ordinal))
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

    // Password=...; and password='...' as in connection strings and libpq keyword lists.
    [GeneratedRegex(@"(?<key>\b(?:password|pwd)\s*=\s*)(?:'[^']*'|""[^""]*""|[^;\s&]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValuePassword();
}
