using Godwit.Core.Connections;
using Godwit.MySql;
using Godwit.Providers.MySql;

namespace Godwit.Testing;

/// <summary>A throwaway MySQL/MariaDB database on the testbed: created on start, dropped on dispose.</summary>
public sealed class MySqlScratchDatabase : IAsyncDisposable
{
    private MySqlScratchDatabase(string name, ConnectionUri server)
    {
        Name = name;
        Server = server;
        Uri = server.WithDatabase(name);
    }

    public string Name { get; }

    /// <summary>The server without a database selected.</summary>
    public ConnectionUri Server { get; }

    /// <summary>The scratch database's URI.</summary>
    public ConnectionUri Uri { get; }

    public MySqlConnectionSettings Settings => MySqlUriSettings.From(Uri);

    public static async Task<MySqlScratchDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var server = TestServers.MySql.WithDatabase(null);
        var db = new MySqlScratchDatabase(ScratchName.New(), server);
        try
        {
            await using var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(server), cancellationToken);
            await connection.ExecuteAsync($"CREATE DATABASE `{db.Name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", cancellationToken);
        }
        catch (Exception ex) when (ex is MySqlException or System.Net.Sockets.SocketException or IOException)
        {
            throw new InvalidOperationException(TestServers.NotRunningMessage("MariaDB", ex), ex);
        }

        return db;
    }

    /// <summary>Opens a connection to the scratch database.</summary>
    public Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        MySqlConnection.OpenAsync(Settings, cancellationToken);

    /// <summary>Runs statements in the scratch database.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(sql, cancellationToken);
    }

    /// <summary>
    /// Rows of a query as the text protocol returns them (NULL as null), read in UTC (<c>time_zone = '+00:00'</c>, as the
    /// copy reads) and with GROUP_CONCAT long enough for whole-table digests.
    /// </summary>
    public async Task<List<string?[]>> RowsAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync("SET SESSION time_zone = '+00:00', SESSION group_concat_max_len = 1000000000", cancellationToken);
        await using var reader = await connection.QueryAsync(sql, cancellationToken);
        var rows = new List<string?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(Server), CancellationToken.None);
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS `{Name}`", CancellationToken.None);
    }
}
