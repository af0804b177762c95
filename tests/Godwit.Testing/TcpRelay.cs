using System.Net;
using System.Net.Sockets;

namespace Godwit.Testing;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a testbed server, so a test can take "the server" away from one client
/// (<see cref="Cut"/>: every relayed connection is dropped and new ones are refused) without stopping the shared
/// server other tests use.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly HashSet<TcpClient> _frozen = [];
    private readonly Task _accepting;

    public TcpRelay(string host, int port)
    {
        _host = host;
        _port = port;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public bool IsCut { get; private set; }

    /// <summary>
    /// Stops forwarding on every connection relayed so far, in both directions, without closing them: what a dead
    /// route (a partition, a NAT that forgot the flow) looks like to both ends. New connections are relayed as usual.
    /// </summary>
    public void Freeze()
    {
        lock (_open)
        {
            _frozen.UnionWith(_open);
        }
    }

    /// <summary>Drops every relayed connection and refuses new ones from now on.</summary>
    public void Cut()
    {
        IsCut = true;
        _stop.Cancel();
        _listener.Stop();
        lock (_open)
        {
            foreach (var client in _open)
            {
                // A reset, not a graceful close: the client sees the server vanish. Pumps may have closed some already.
                if (client.Client is { } socket)
                {
                    try
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }
                    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                    {
                    }
                }

                client.Dispose();
            }

            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsCut)
        {
            Cut();
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(_host, _port, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_open)
            {
                if (IsCut)
                {
                    inbound.Dispose();
                    outbound.Dispose();
                    return;
                }

                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            var buffer = new byte[64 * 1024];
            var source = from.GetStream();
            var target = to.GetStream();
            while (true)
            {
                var n = await source.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    break;
                }

                bool frozen;
                lock (_open)
                {
                    frozen = _frozen.Contains(from);
                }

                if (frozen)
                {
                    // Swallow everything from now on: the bytes never arrive, and nothing tells either end.
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await target.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
