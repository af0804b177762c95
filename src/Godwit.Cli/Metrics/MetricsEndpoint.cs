using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Godwit.Core.Sync;

namespace Godwit.Cli.Metrics;

/// <summary>
/// A minimal HTTP/1.1 server for Prometheus scrapes: every GET (normally <c>/metrics</c>) gets the current
/// <see cref="SyncMetrics"/> as text and the connection is closed. Built on <see cref="TcpListener"/> so it
/// needs no web framework and no URL ACLs; it binds 127.0.0.1 unless told otherwise.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string> _render;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private MetricsEndpoint(TcpListener listener, Func<string> render)
    {
        _listener = listener;
        _render = render;
        _loop = Task.Run(() => AcceptLoopAsync(_stop.Token));
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Starts serving on <paramref name="address"/> (<c>HOST:PORT</c> or <c>:PORT</c>; port 0 picks a free one).</summary>
    public static MetricsEndpoint Start(string address, SyncMetrics metrics, string stream)
    {
        ArgumentNullException.ThrowIfNull(address);
        var endPoint = Godwit.Core.Hosting.BindAddress.Parse(address, "--metrics", 9187);
        var listener = new TcpListener(endPoint);
        listener.Start();
        return new MetricsEndpoint(listener, () => PrometheusText.Render(metrics, stream));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(ct);
            _ = Task.Run(() => ServeAsync(client, ct), ct);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var stream = client.GetStream();
                var request = await ReadHeadAsync(stream, timeout.Token);
                var isGet = request.StartsWith("GET ", StringComparison.Ordinal);
                var body = isGet ? _render() : "only GET is served\n";
                var bytes = Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {(isGet ? "200 OK" : "405 Method Not Allowed")}\r\nContent-Type: {PrometheusText.ContentType}\r\n"
                    + $"Content-Length: {bytes.Length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
                await stream.WriteAsync(bytes, timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // A scraper that went away.
            }
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), ct);
            if (n == 0)
            {
                break;
            }

            length += n;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, length);
    }
}
