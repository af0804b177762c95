using Godwit.Core.Connections;
using Godwit.Postgres;
using Npgsql;

namespace Godwit.Cluster;

/// <summary>The <c>--cluster</c> database: a PostgreSQL URI, opened as an Npgsql data source.</summary>
public static class ClusterConnection
{
    public const string ClusterId = "godwit";
    public const string ServiceId = "godwit";

    public static NpgsqlDataSource Open(ConnectionUri cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Engine != DatabaseEngine.Postgres)
        {
            throw new ConnectionUriException($"--cluster must be a PostgreSQL database (it holds the workers' membership table), not {cluster}.");
        }

        var settings = PgConnectionFactory.ToConnectionString(cluster);
        settings.ApplicationName = "godwit-cluster";
        return NpgsqlDataSource.Create(settings);
    }
}
