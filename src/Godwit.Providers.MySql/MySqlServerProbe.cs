using System.Diagnostics;
using System.Globalization;
using Godwit.Core.Connections;
using Godwit.MySql;

namespace Godwit.Providers.MySql;

/// <summary>Connects to MySQL or MariaDB once and reports its product, version and round-trip time.</summary>
public static class MySqlServerProbe
{
    public static async Task<ServerInfo> ProbeAsync(ConnectionUri uri, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(uri), cancellationToken);
        var connectTime = clock.Elapsed;
        clock.Restart();
        await connection.ExecuteAsync("DO 1", cancellationToken);
        var version = connection.ServerVersion;
        return new ServerInfo(version.IsMariaDb ? "MariaDB" : "MySQL", string.Create(CultureInfo.InvariantCulture, $"{version.Major}.{version.Minor}.{version.Patch}"), connectTime, clock.Elapsed);
    }
}
