using System.Globalization;
using Godwit.Core.Connections;
using Godwit.MySql;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// A MariaDB account of one test's own for <c>godwit sync</c> to read the source with, holding only what sync needs:
/// SELECT on the scratch database (introspection), REPLICATION SLAVE (the binlog dump) and BINLOG MONITOR
/// (SHOW MASTER STATUS, MariaDB 10.5+'s name for REPLICATION CLIENT). The testbed is shared by tests running in
/// parallel, so killing "the stream's connections" must mean this account's connections and no one else's.
/// </summary>
internal sealed class StreamAccount : IAsyncDisposable
{
    private readonly MySqlScratchDatabase _database;
    private MySqlConnection? _admin;

    private StreamAccount(MySqlScratchDatabase database, string user, string password)
    {
        _database = database;
        User = user;
        Uri = ConnectionUri.Parse($"mysql://{user}:{password}@{database.Uri.Host}:{database.Uri.Port}/{database.Name}");
    }

    public string User { get; }

    /// <summary>The scratch database as this account.</summary>
    public ConnectionUri Uri { get; }

    public static async Task<StreamAccount> CreateAsync(MySqlScratchDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var user = "gwsync_" + Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await database.ExecuteAsync(
            $"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'; "
            + $"GRANT SELECT ON `{database.Name}`.* TO '{user}'@'%'; "
            + $"GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '{user}'@'%'");
        return new StreamAccount(database, user, password);
    }

    /// <summary>The account's connections now: processlist id and command (<c>Binlog Dump</c> for the stream's dump).</summary>
    public async Task<List<(long Id, string Command)>> ConnectionsAsync()
    {
        var admin = await AdminAsync();
        var connections = new List<(long, string)>();
        await using var reader = await admin.QueryAsync($"SELECT id, command FROM information_schema.PROCESSLIST WHERE user = '{User}'", CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            connections.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return connections;
    }

    /// <summary>KILL CONNECTION for every connection of the account; returns the ids it killed.</summary>
    public async Task<List<long>> KillConnectionsAsync()
    {
        var admin = await AdminAsync();
        var killed = new List<long>();
        foreach (var (id, _) in await ConnectionsAsync())
        {
            try
            {
                await admin.ExecuteAsync($"KILL CONNECTION {id.ToString(CultureInfo.InvariantCulture)}", CancellationToken.None);
                killed.Add(id);
            }
            catch (MySqlException ex) when (ex.ErrorCode == 1094)
            {
                // Unknown thread id: the connection ended by itself in the meantime.
            }
        }

        return killed;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillConnectionsAsync();
            await (await AdminAsync()).ExecuteAsync($"DROP USER IF EXISTS '{User}'@'%'", CancellationToken.None);
        }
        finally
        {
            if (_admin is not null)
            {
                await _admin.DisposeAsync();
            }
        }
    }

    /// <summary>One connection of the testbed's own account for the listing and the kills, so a tight kill loop stays cheap.</summary>
    private async Task<MySqlConnection> AdminAsync() => _admin ??= await _database.OpenAsync();
}
