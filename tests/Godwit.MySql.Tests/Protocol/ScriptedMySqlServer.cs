using System.Net;
using System.Net.Sockets;
using Godwit.MySql.Protocol;
using Godwit.MySql.Transport;

namespace Godwit.MySql.Tests.Protocol;

/// <summary>
/// A fake server on a loopback socket that plays a fixed byte-level script, for protocol paths a
/// MariaDB testbed cannot produce (MySQL 8 authentication, auth switches, broken servers). It
/// frames packets with the client's own transport, which the transport tests check separately.
/// </summary>
internal sealed class ScriptedMySqlServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _script;

    public ScriptedMySqlServer(Func<ScriptedSession, Task> script)
    {
        _listener.Start();
        _script = RunAsync(script);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public MySqlConnectionSettings Settings(string password = "secret") => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        User = "alice",
        Password = password,
        SslMode = MySqlSslMode.Disabled,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Waits for the script to finish and rethrows its assertion failures.</summary>
    public Task Completion => _script.WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _script.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Reported through Completion by the tests that care.
        }

        _listener.Dispose();
    }

    private async Task RunAsync(Func<ScriptedSession, Task> script)
    {
        using var socket = await _listener.AcceptSocketAsync();
        await using var transport = new MySqlPacketTransport(new NetworkStream(socket, ownsSocket: false));
        await script(new ScriptedSession(transport));
    }
}
