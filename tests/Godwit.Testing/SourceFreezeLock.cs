using Godwit.MySql;
using Godwit.Providers.MySql;

namespace Godwit.Testing;

/// <summary>
/// Tests that set the testbed MariaDB read-only (cutover, the demo) take this server-wide named lock
/// (<c>GET_LOCK</c>) for their whole run: read_only is global, so two of them at once (in parallel test classes or
/// parallel test assemblies) would freeze and unfreeze under each other. So do tests that write as a plain account
/// (the demo app's), which a freeze would stop, and tests whose binlog volume would hold up a cutover test's stream
/// (a 120 MB transaction). Other tests write as the testbed's admin account, which read_only does not stop.
/// Disposing releases the lock and makes sure the server is writable.
/// </summary>
public sealed class SourceFreezeLock : IAsyncDisposable
{
    private const string LockName = "godwit-tests-read-only";
    private readonly MySqlConnection _connection;

    private SourceFreezeLock(MySqlConnection connection) => _connection = connection;

    /// <summary>
    /// How long a test waits for the lock: the holders run one at a time, and a whole cutover test, the demo script or
    /// the large transaction can each take minutes on the testbed's two shared cores.
    /// </summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromMinutes(20);

    /// <summary>Waits up to <see cref="Timeout"/> for the lock.</summary>
    public static Task<SourceFreezeLock> AcquireAsync(CancellationToken cancellationToken = default) => AcquireAsync(Timeout, cancellationToken);

    public static async Task<SourceFreezeLock> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(TestServers.MySql), cancellationToken);
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
