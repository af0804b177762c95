using System.Globalization;
using Godwit.Core.Connections;
using Godwit.MySql;

namespace Godwit.Providers.MySql;

/// <summary>
/// A Godwit connection URI (<c>mysql://user@host:3306/db?sslmode=…</c>) as the driver's settings. Kept beside the
/// provider, not in the driver: the URI format, its option spellings and password resolution are Godwit's.
/// </summary>
public static class MySqlUriSettings
{
    // Every option FromUri understands, in all accepted spellings: anything else is a typo to report.
    private static readonly string[] KnownOptions =
    [
        "sslmode", "ssl-mode", "ssl_mode", "sslca", "ssl-ca", "ssl_ca", "sslrootcert",
        "server_public_key", "server-public-key-path", "serverpublickey",
        "allow_public_key_retrieval", "allowpublickeyretrieval", "get-server-public-key",
        "connect_timeout", "connect-timeout", "connecttimeout", "application_name", "program_name",
        "max_pool_size", "maxpoolsize", "socket",
    ];

    public static MySqlConnectionSettings From(ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        foreach (var option in uri.Options.Keys)
        {
            if (!KnownOptions.Contains(option, StringComparer.OrdinalIgnoreCase))
            {
                throw new ConnectionUriException(
                    $"Unknown option '{option}' in {uri}; supported: sslmode, sslca, socket, connect_timeout, application_name, server_public_key, allow_public_key_retrieval, max_pool_size.");
            }
        }

        var settings = new MySqlConnectionSettings
        {
            Host = uri.Host,
            Port = uri.Port,
            UnixSocket = uri.UnixSocket,
            User = uri.User ?? string.Empty,
            Password = uri.Password,
            Database = uri.Database,
        };

        if (Option(uri, "sslmode", "ssl-mode", "ssl_mode") is { } mode)
        {
            settings = settings with { SslMode = ParseSslMode(mode) };
        }

        if (Option(uri, "sslca", "ssl-ca", "ssl_ca", "sslrootcert") is { Length: > 0 } ca)
        {
            settings = settings with { CaCertificatePath = ca };
        }

        if (Option(uri, "server_public_key", "server-public-key-path", "serverpublickey") is { Length: > 0 } key)
        {
            settings = settings with { ServerPublicKeyPath = key };
        }

        if (Option(uri, "allow_public_key_retrieval", "allowpublickeyretrieval", "get-server-public-key") is { } allow)
        {
            settings = settings with { AllowPublicKeyRetrieval = ParseBool(allow, "allow_public_key_retrieval") };
        }

        if (Option(uri, "connect_timeout", "connect-timeout", "connecttimeout") is { } timeout)
        {
            if (!int.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
            {
                throw new ConnectionUriException($"connect_timeout must be a positive number of seconds, not '{timeout}'.");
            }

            settings = settings with { ConnectTimeout = TimeSpan.FromSeconds(seconds) };
        }

        if (Option(uri, "application_name", "program_name") is { Length: > 0 } name)
        {
            settings = settings with { ApplicationName = name };
        }

        if (Option(uri, "max_pool_size", "maxpoolsize") is { } pool)
        {
            if (!int.TryParse(pool, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
            {
                throw new ConnectionUriException($"max_pool_size must be a positive number, not '{pool}'.");
            }

            settings = settings with { MaxPoolSize = size };
        }

        return settings;
    }

    /// <summary>Accepts libpq spellings and MySQL's --ssl-mode values, in any case, with '-' or '_'.</summary>
    public static MySqlSslMode ParseSslMode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().ToLowerInvariant().Replace('_', '-') switch
        {
            "disabled" or "disable" or "false" or "off" or "none" => MySqlSslMode.Disabled,
            "preferred" or "prefer" or "allow" => MySqlSslMode.Preferred,
            "required" or "require" or "true" or "on" => MySqlSslMode.Required,
            "verify-ca" or "verifyca" => MySqlSslMode.VerifyCa,
            "verify-full" or "verify-identity" or "verifyfull" or "verifyidentity" => MySqlSslMode.VerifyFull,
            _ => throw new ConnectionUriException(
                $"Unknown sslmode '{value}'; expected disabled, preferred, required, verify-ca or verify-full."),
        };
    }

    private static string? Option(ConnectionUri uri, params string[] names)
    {
        foreach (var name in names)
        {
            if (uri.GetOption(name) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static bool ParseBool(string value, string name) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new ConnectionUriException($"{name} must be true or false, not '{value}'."),
    };
}
