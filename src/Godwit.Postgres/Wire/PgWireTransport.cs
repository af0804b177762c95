using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Godwit.Postgres.Wire;

/// <summary>
/// A blocking socket to a PostgreSQL server with a receive buffer that messages are read out of as spans
/// (protocol docs, "Message Formats": a type byte, then a 32-bit length that counts itself, then the body).
/// Blocking on purpose: on Linux, .NET emulates blocking reads on a socket it has ever used asynchronously, which for
/// COPY's one message per row meant a wake-up through the socket engine and a spinning wait every few rows.
/// </summary>
internal sealed class PgWireTransport : IDisposable
{
    private const int ReceiveBytes = 256 * 1024;

    private readonly Socket _socket;
    private byte[] _buffer = new byte[ReceiveBytes];
    private int _start;
    private int _end;

    private PgWireTransport(Socket socket)
    {
        _socket = socket;
    }

    /// <summary>Bytes received and not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    public static PgWireTransport Connect(PgWireSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        EndPoint[] endpoints = settings.IsUnixSocket
            ? [new UnixDomainSocketEndPoint(Path.Combine(settings.Host, $".s.PGSQL.{settings.Port}"))]
            : [.. Dns.GetHostAddresses(settings.Host).Select(a => new IPEndPoint(a, settings.Port))];
        SocketException? last = null;
        foreach (var endpoint in endpoints)
        {
            var socket = endpoint is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // A blocking connect honours SO_SNDTIMEO on Linux (connect(2)): the connect timeout without going async.
                socket.SendTimeout = settings.ConnectTimeoutSeconds * 1000;
                socket.Connect(endpoint);
                socket.SendTimeout = 0;
                if (endpoint is IPEndPoint)
                {
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                }

                return new PgWireTransport(socket);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private void Send(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[_socket.Send(data)..];
        }
    }

    /// <summary>Sends one message: its type byte (0 for the startup packets, which have none), length and body.</summary>
    public void SendMessage(byte type, ReadOnlySpan<byte> body)
    {
        var header = type == 0 ? 4 : 5;
        var message = new byte[header + body.Length];
        if (type != 0)
        {
            message[0] = type;
        }

        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(header - 4), 4 + body.Length);
        body.CopyTo(message.AsSpan(header));
        Send(message);
    }

    /// <summary>Reads one single byte the server sends without a message around it (the answer to SSLRequest).</summary>
    public byte ReadByte()
    {
        Ensure(1);
        return _buffer[_start++];
    }

    /// <summary>Reads one whole message; the body stays valid until the next read.</summary>
    public ReadOnlySpan<byte> ReadMessage(out byte type)
    {
        Ensure(5);
        type = _buffer[_start];
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 1));
        if (length < 4)
        {
            throw new PgWireException($"the server sent a message of type '{(char)type}' with an impossible length {length}");
        }

        Ensure(1 + length);
        var body = _buffer.AsSpan(_start + 5, length - 4);
        _start += 1 + length;
        return body;
    }

    public void Consume(int bytes) => _start += bytes;

    /// <summary>Blocks until at least <paramref name="bytes"/> are buffered.</summary>
    public void Ensure(int bytes)
    {
        if (_end - _start >= bytes)
        {
            return;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(bytes, _buffer.Length * 2));
        }

        while (_end < bytes)
        {
            var read = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
            if (read == 0)
            {
                throw new PgWireException("the server closed the connection");
            }

            _end += read;
        }
    }

    public void Dispose() => _socket.Dispose();
}
