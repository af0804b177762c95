namespace Godwit.MySql.Tests;

public sealed class UnixSocketTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Connects_over_the_servers_unix_socket()
    {
        // The testbed runs on this machine; ask it where its socket is.
        string socket;
        await using (var tcp = await TestDatabase.OpenAsync())
        {
            socket = await tcp.ScalarAsync<string>("SELECT @@socket", None) ?? throw new InvalidOperationException("The server has no socket.");
        }

        Assert.True(File.Exists(socket), $"The server's socket {socket} is not visible from the test.");
        await using var connection = await TestDatabase.OpenAsync(TestDatabase.Settings with { UnixSocket = socket });
        Assert.False(connection.IsTls); // preferred mode does not encrypt a local socket
        Assert.Equal("Localhost via UNIX socket", await connection.ScalarAsync<string>(
            "SELECT 'Localhost via UNIX socket' FROM information_schema.processlist WHERE id = CONNECTION_ID() AND host = 'localhost'", None));
    }
}
