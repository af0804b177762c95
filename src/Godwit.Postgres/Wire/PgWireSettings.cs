using Npgsql;

namespace Godwit.Postgres.Wire;

/// <summary>
/// What <see cref="PgWireConnection"/> needs to reach a server, read off the Npgsql settings godwit made from the URI
/// (one mapping of URI options, <see cref="PgConnectionFactory.ToConnectionString"/>). Null from <see cref="From"/>
/// when the settings ask for something the wire client does not do (TLS, sslmode=allow's retry with TLS, several
/// hosts, a target session kind, a client certificate): the caller then reads through Npgsql.
/// </summary>
internal sealed record PgWireSettings(
    string Host, int Port, string User, string? Password, string Database, string ApplicationName, string? Options,
    bool TryTls, int ConnectTimeoutSeconds)
{
    /// <summary>A host starting with '/' is the directory of the server's Unix-domain socket, as in libpq and Npgsql.</summary>
    public bool IsUnixSocket => Host.StartsWith('/');

    public static PgWireSettings? From(NpgsqlConnectionStringBuilder settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Host is not { Length: > 0 } host || host.Contains(',', StringComparison.Ordinal)
            || settings.TargetSessionAttributes is { Length: > 0 }
            || settings.SslCertificate is { Length: > 0 } || settings.SslKey is { Length: > 0 } || settings.RootCertificate is { Length: > 0 }
            || settings.SslMode is not (SslMode.Disable or SslMode.Prefer))
        {
            return null;
        }

        var user = settings.Username is { Length: > 0 } u ? u : Environment.UserName;
        return new PgWireSettings(
            host,
            settings.Port,
            user,
            settings.Password,
            settings.Database is { Length: > 0 } d ? d : user,
            settings.ApplicationName is { Length: > 0 } a ? a : PgConnectionFactory.DefaultApplicationName,
            settings.Options is { Length: > 0 } o ? o : null,
            TryTls: settings.SslMode == SslMode.Prefer && !host.StartsWith('/'),
            settings.Timeout);
    }
}
