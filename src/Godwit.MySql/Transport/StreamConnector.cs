using System.Net.Sockets;

namespace Godwit.MySql.Transport;

/// <summary>Opens the raw byte stream to the server: TCP, or a Unix domain socket when one is configured.</summary>
internal static class StreamConnector
{
    public static async Task<Stream> ConnectAsync(MySqlConnectionSettings settings, CancellationToken cancellationToken)
    {
        Socket? socket = null;
        try
        {
            if (settings.UnixSocket is { Length: > 0 } path)
            {
                socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            }
            else
            {
                // Dual-mode socket: connects over IPv4 or IPv6, whichever the name resolves to.
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(settings.Host, settings.Port, cancellationToken);
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            }

            var stream = new NetworkStream(socket, ownsSocket: true);
            socket = null;
            return stream;
        }
        catch (SocketException ex)
        {
            var target = settings.UnixSocket ?? $"{settings.Host}:{settings.Port}";
            throw MySqlException.Client(
                settings.UnixSocket is null ? MySqlClientError.HostConnectionError : MySqlClientError.ConnectionError,
                $"Cannot connect to the MySQL server at {target}: {ex.Message}",
                ex);
        }
        finally
        {
            socket?.Dispose();
        }
    }
}
