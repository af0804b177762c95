using System.Globalization;
using System.Text;
using Godwit.Core.Connections;

namespace Godwit.Demo.Seeding;

/// <summary>An admin URI with the app account's user and password instead: same scheme, host, port, database and options.</summary>
internal static class DemoAccountUri
{
    public static ConnectionUri For(ConnectionUri admin, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var text = new StringBuilder()
            .Append(admin.Scheme).Append("://")
            .Append(Uri.EscapeDataString(user)).Append(':').Append(Uri.EscapeDataString(password)).Append('@')
            .Append(admin.Host.Contains(':', StringComparison.Ordinal) ? $"[{admin.Host}]" : admin.Host)
            .Append(':').Append(admin.Port.ToString(CultureInfo.InvariantCulture));
        if (admin.Database is { } database)
        {
            text.Append('/').Append(Uri.EscapeDataString(database));
        }

        var first = true;
        foreach (var (key, value) in admin.Options)
        {
            text.Append(first ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            first = false;
        }

        SecretMasker.Register(password);
        return ConnectionUri.Parse(text.ToString());
    }
}
