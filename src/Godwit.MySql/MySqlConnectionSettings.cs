using System.Globalization;
using System.Text;

namespace Godwit.MySql;

/// <summary>
/// How to reach and log in to a MySQL/MariaDB server. Immutable; derive variants with <c>with</c>.
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record MySqlConnectionSettings
{
    public const int DefaultPort = 3306;
    public const int DefaultMaxPoolSize = 16;

    public string Host { get; init; } = "localhost";

    public int Port { get; init; } = DefaultPort;

    /// <summary>Path of the server's Unix socket; when set, <see cref="Host"/> and <see cref="Port"/> are not used.</summary>
    public string? UnixSocket { get; init; }

    public string User { get; init; } = string.Empty;

    public string? Password { get; init; }

    public string? Database { get; init; }

    public MySqlSslMode SslMode { get; init; } = MySqlSslMode.Preferred;

    /// <summary>PEM file with the CA certificate(s) that must sign the server's certificate (verify-ca/verify-full).</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>PEM file with the server's RSA public key for sha256/caching_sha2 full authentication without TLS.</summary>
    public string? ServerPublicKeyPath { get; init; }

    /// <summary>Whether the client may ask the server for its RSA public key (open to a man in the middle without TLS).</summary>
    public bool AllowPublicKeyRetrieval { get; init; } = true;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Sent as the <c>program_name</c> connection attribute, visible in performance_schema.session_connect_attrs.</summary>
    public string ApplicationName { get; init; } = "godwit";

    /// <summary>Upper bound of open connections of a <see cref="MySqlConnectionPool"/> for these settings.</summary>
    public int MaxPoolSize { get; init; } = DefaultMaxPoolSize;

    /// <summary>
    /// Announces CLIENT_LOCAL_FILES so that <see cref="MySqlConnection.LoadLocalDataAsync"/> can send data. Off by
    /// default: even when on, the connection answers a file request only with the data its caller handed over for
    /// that one statement and file name, never with a file from disk.
    /// </summary>
    public bool AllowLocalInfile { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"mysql://{User}{(Password is null ? string.Empty : ":****")}@");
        text.Append(UnixSocket is null ? string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}") : "localhost");
        text.Append('/').Append(Database);
        text.Append(CultureInfo.InvariantCulture, $"?sslmode={SslMode}");
        if (UnixSocket is not null)
        {
            text.Append("&socket=").Append(UnixSocket);
        }

        return text.ToString();
    }
}
