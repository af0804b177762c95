using Godwit.MySql;

namespace Godwit.Testing;

/// <summary>
/// Tests that set the testbed MariaDB read-only (cutover, the demo) take this server-wide named lock
/// (<c>GET_LOCK</c>) for their whole run: read_only is global, so two of them at once (in parallel test classes or
/// parallel test assemblies) would freeze and unfreeze under each other. Other tests write as the testbed's admin
/// account, which read_only does not stop. Disposing releases the lock and makes sure the server is writable.
/// </summary>
public sealed class SourceFreezeLock : IAsyncDisposable
{
    private const string LockName = "godwit-tests-read-only";
    private readonly MySqlConnection _connection;

    private SourceFreezeLock(MySqlConnection connection) => _connection = connection;

    public static async Task<SourceFreezeLock> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var connection = await MySqlConnection.OpenAsync(MySqlConnectionSettings.FromUri(TestServers.MySql), cancellationToken);
        var seconds = Math.Max(1, (int)timeout.TotalSeconds);
        var got = await connection.ScalarAsync<long>($"SELECT GET_LOCK('{LockName}', {seconds})", cancellationToken);
        if (got != 1)
        {
            await connection.DisposeAsync();
            throw new TimeoutException($"another test held the testbed's read-only lock for more than {seconds} s");
        }

        await connection.ExecuteAsync("SET GLOBAL read_only = OFF", cancellationToken);
        return new SourceFreezeLock(connection);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.ExecuteAsync("SET GLOBAL read_only = OFF", CancellationToken.None);
            await _connection.ExecuteAsync($"DO RELEASE_LOCK('{LockName}')", CancellationToken.None);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
