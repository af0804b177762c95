using Godwit.Core.Connections;
using Godwit.Core.Providers;
using Godwit.MySql;
using Godwit.Postgres;
using Godwit.Postgres.Source;
using Godwit.Providers.MySql;
using Godwit.Providers.MySql.Target;

namespace Godwit.Providers;

/// <summary>
/// The one place that knows which provider serves which engine: the CLI asks here with a URI and gets the contracts
/// of <see cref="Godwit.Core.Providers"/>, never a driver type. A new engine is one more case in each method.
/// </summary>
public static class ProviderRegistry
{
    /// <summary>The source provider for a URI.</summary>
    /// <exception cref="UnsupportedEndpointException">No provider reads from this engine yet.</exception>
    public static ISourceProvider Source(ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Engine switch
        {
            DatabaseEngine.MySql => new MySqlSourceProvider(uri),
            DatabaseEngine.Postgres => new PgSourceProvider(uri),
            _ => throw new UnsupportedEndpointException($"the source must be a MySQL, MariaDB or PostgreSQL URI (mysql://…, mariadb://…, postgresql://…), not {uri}."),
        };
    }

    /// <summary>The target provider for a URI.</summary>
    /// <exception cref="UnsupportedEndpointException">No provider writes to this engine yet.</exception>
    public static ITargetProvider Target(ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Engine switch
        {
            DatabaseEngine.Postgres => new PgTargetProvider(uri),
            DatabaseEngine.MySql => new MySqlTargetProvider(uri),
            _ => throw new UnsupportedEndpointException($"the target must be a PostgreSQL, MySQL or MariaDB URI (postgresql://…, mysql://…, mariadb://…), not {uri}."),
        };
    }

    /// <summary>Connects to any server Godwit speaks to and says what it is (<c>godwit ping</c>).</summary>
    public static Task<ServerInfo> ProbeAsync(ConnectionUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Engine switch
        {
            DatabaseEngine.MySql => MySqlServerProbe.ProbeAsync(uri, cancellationToken),
            _ => PgServerProbe.ProbeAsync(uri, cancellationToken),
        };
    }
}
