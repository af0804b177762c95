using System.Diagnostics;
using Godwit.Core.Connections;

namespace Godwit.Postgres;

/// <summary>Connects to PostgreSQL once and reports its version and round-trip time.</summary>
public static class PgServerProbe
{
    public static async Task<ServerInfo> ProbeAsync(ConnectionUri uri, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await PgConnectionFactory.OpenAsync(uri, cancellationToken);
        var connectTime = clock.Elapsed;
        clock.Restart();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('server_version')";
        var version = (string?)await command.ExecuteScalarAsync(cancellationToken) ?? connection.ServerVersion;
        return new ServerInfo("PostgreSQL", version, connectTime, clock.Elapsed);
    }
}
