using System.Globalization;
using Godwit.Core.Connections;
using Npgsql;

namespace Godwit.Postgres;

/// <summary>
/// Turns a <c>postgresql://</c> URI into an Npgsql data source. Query options follow libpq's names
/// (sslmode, sslrootcert, application_name, connect_timeout, …); an option we do not know is an error
/// rather than silently ignored.
/// </summary>
public static class PgConnectionFactory
{
    public const string DefaultApplicationName = "godwit";

    private static readonly string[] KnownOptions =
    [
        "sslmode", "sslrootcert", "sslcert", "sslkey", "application_name", "connect_timeout", "host",
        "target_session_attrs", "options", "keepalives", "keepalives_idle", "command_timeout",
    ];

    public static NpgsqlConnectionStringBuilder ToConnectionString(ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Engine != DatabaseEngine.Postgres)
        {
            throw new ConnectionUriException($"{uri} is not a PostgreSQL URI.");
        }

        foreach (var option in uri.Options.Keys)
        {
            if (!KnownOptions.Contains(option, StringComparer.OrdinalIgnoreCase))
            {
                throw new ConnectionUriException(
                    $"Unknown option '{option}' in {uri}; supported: {string.Join(", ", KnownOptions)}.");
            }
        }

        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.UnixSocket ?? uri.Host,
            Port = uri.Port,
            Username = uri.User,
            Password = uri.Password,
            Database = uri.Database ?? uri.User ?? "postgres",
            ApplicationName = uri.GetOption("application_name") ?? DefaultApplicationName,
            // The copy and the change stream manage their own concurrency; pooling stays on for short checks.
            MaxPoolSize = 64,
            IncludeErrorDetail = false,
        };

        if (uri.GetOption("sslmode") is { } sslmode)
        {
            b.SslMode = sslmode.ToLowerInvariant() switch
            {
                "disable" => SslMode.Disable,
                "allow" => SslMode.Allow,
                "prefer" => SslMode.Prefer,
                "require" => SslMode.Require,
                "verify-ca" => SslMode.VerifyCA,
                "verify-full" => SslMode.VerifyFull,
                _ => throw new ConnectionUriException(
                    $"Invalid sslmode '{sslmode}' in {uri}; expected disable, allow, prefer, require, verify-ca or verify-full."),
            };
        }

        if (uri.GetOption("sslrootcert") is { } root)
        {
            b.RootCertificate = root;
        }

        if (uri.GetOption("sslcert") is { } cert)
        {
            b.SslCertificate = cert;
        }

        if (uri.GetOption("sslkey") is { } key)
        {
            b.SslKey = key;
        }

        if (uri.GetOption("connect_timeout") is { } timeout)
        {
            b.Timeout = ParseSeconds(timeout, "connect_timeout", uri);
        }

        if (uri.GetOption("command_timeout") is { } commandTimeout)
        {
            b.CommandTimeout = ParseSeconds(commandTimeout, "command_timeout", uri);
        }

        if (uri.GetOption("keepalives_idle") is { } keepalive)
        {
            b.KeepAlive = ParseSeconds(keepalive, "keepalives_idle", uri);
        }

        if (uri.GetOption("options") is { } options)
        {
            b.Options = options;
        }

        if (uri.GetOption("target_session_attrs") is { } attrs)
        {
            b.TargetSessionAttributes = attrs;
        }

        return b;
    }

    public static NpgsqlDataSource CreateDataSource(ConnectionUri uri) =>
        new NpgsqlDataSourceBuilder(ToConnectionString(uri).ConnectionString).Build();

    /// <summary>Opens one connection, with errors rewritten to name the (masked) URI.</summary>
    public static Task<NpgsqlConnection> OpenAsync(ConnectionUri uri, CancellationToken cancellationToken) => OpenAsync(uri, pooled: true, cancellationToken);

    /// <summary>
    /// Opens one connection; <paramref name="pooled"/> false for a session that holds session state (an advisory
    /// lock): a pooled connection goes back to the pool on dispose with its locks still held.
    /// </summary>
    public static Task<NpgsqlConnection> OpenAsync(ConnectionUri uri, bool pooled, CancellationToken cancellationToken)
    {
        var builder = ToConnectionString(uri);
        builder.Pooling = pooled;
        return OpenAsync(builder.ConnectionString, uri, cancellationToken);
    }

    /// <summary>Opens one connection with settings of the caller's own (made from <paramref name="uri"/>), with errors rewritten to name the (masked) URI.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, ConnectionUri uri, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync();
            throw new PgConnectException(uri, ex);
        }
    }

    private static int ParseSeconds(string text, string name, ConnectionUri uri) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? s
            : throw new ConnectionUriException($"Invalid {name} '{text}' in {uri}; expected whole seconds.");
}
