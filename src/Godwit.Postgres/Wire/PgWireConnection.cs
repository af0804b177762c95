using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Godwit.Postgres.Wire;

/// <summary>
/// A minimal PostgreSQL frontend for the snapshot copy's reads: start-up and authentication, simple queries, and COPY
/// TO STDOUT read as a stream of the CopyData bodies (protocol docs, "Simple Query" and "COPY Operations"). The copy
/// moves one message per row; Npgsql spends several times the server's CPU on that (pgbench_accounts at scale 50:
/// 3.3 s of client CPU through Npgsql, 1.0 s through this, psql 0.8 s), and on two cores that CPU is taken from the
/// servers. Everything else goes through Npgsql.
/// </summary>
internal sealed class PgWireConnection : IDisposable
{
    private const int ProtocolVersion3 = 196608;
    private const int SslRequestCode = 80877103;

    private readonly PgWireTransport _transport;
    private bool _broken;

    private PgWireConnection(PgWireTransport transport)
    {
        _transport = transport;
    }

    /// <summary>Connects and authenticates; <see cref="PgWireUnsupportedException"/> when the server wants what this client does not do.</summary>
    public static PgWireConnection Open(PgWireSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var transport = PgWireTransport.Connect(settings);
        try
        {
            if (settings.TryTls)
            {
                // sslmode=prefer: a server that takes TLS gets it, through Npgsql.
                var code = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(code, SslRequestCode);
                transport.SendMessage(0, code);
                if (transport.ReadByte() != (byte)'N')
                {
                    throw new PgWireUnsupportedException("the server takes TLS, which the wire client does not do");
                }
            }

            transport.SendMessage(0, StartupBody(settings));
            PgWireAuthentication.Run(transport, settings);
            var connection = new PgWireConnection(transport);
            connection.ReadUntilReady();
            return connection;
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <summary>Runs statements with the simple query protocol, up to ReadyForQuery; an error is thrown after it.</summary>
    public void Execute(string sql)
    {
        Query(sql);
        ReadUntilReady();
    }

    /// <summary>
    /// Starts a COPY … TO STDOUT; the stream's reads return the CopyData bodies, several per read. Cancelling the
    /// token closes the connection, also while this waits for the server's answer: the server keeps CopyOutResponse in
    /// its send buffer until the first rows fill it, so a slow query's answer comes late.
    /// </summary>
    public PgCopyOutStream BeginCopyOut(string sql, CancellationToken cancellationToken)
    {
        var registration = cancellationToken.Register(Abort);
        try
        {
            Query(sql);
            while (true)
            {
                var body = _transport.ReadMessage(out var type);
                switch (type)
                {
                    case (byte)'H':
                        return new PgCopyOutStream(this, _transport, registration, cancellationToken);
                    case (byte)'E':
                        throw ErrorOnceReady(body);
                    case (byte)'N' or (byte)'S' or (byte)'A':
                        break;
                    default:
                        _broken = true;
                        throw new PgWireException($"the server answered a COPY TO with message '{(char)type}'");
                }
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is SocketException or ObjectDisposedException or PgWireException)
        {
            registration.Dispose();
            throw new OperationCanceledException(cancellationToken);
        }
        catch
        {
            registration.Dispose();
            throw;
        }
    }

    /// <summary>Closes the socket: a read blocked in it fails at once (cancellation), and the connection is not used again.</summary>
    public void Abort()
    {
        _broken = true;
        _transport.Dispose();
    }

    /// <summary>The error of an ErrorResponse just read, returned once the server is ready again (for the caller to throw).</summary>
    public PgWireException ErrorOnceReady(ReadOnlySpan<byte> errorBody)
    {
        // Parsed first: the body lives in the receive buffer, which the next read reuses.
        var error = PgWireException.FromErrorResponse(errorBody);
        ReadUntilReady();
        return error;
    }

    /// <summary>Reads to ReadyForQuery, throwing the first ErrorResponse seen once the server is ready again.</summary>
    public void ReadUntilReady()
    {
        PgWireException? error = null;
        while (true)
        {
            var body = _transport.ReadMessage(out var type);
            if (type == (byte)'Z')
            {
                if (error is not null)
                {
                    throw error;
                }

                return;
            }

            if (type == (byte)'E')
            {
                error ??= PgWireException.FromErrorResponse(body);
            }
        }
    }

    public void Dispose()
    {
        if (!_broken)
        {
            try
            {
                _transport.SendMessage((byte)'X', []);
            }
            catch (SocketException)
            {
                // Going away anyway.
            }
        }

        _transport.Dispose();
    }

    private void Query(string sql)
    {
        ObjectDisposedException.ThrowIf(_broken, this);
        _transport.SendMessage((byte)'Q', Encoding.UTF8.GetBytes(sql + "\0"));
    }

    private static byte[] StartupBody(PgWireSettings settings)
    {
        var body = new List<byte>(128);
        body.AddRange([0, 0, 0, 0]);
        BinaryPrimitives.WriteInt32BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(body), ProtocolVersion3);
        void Parameter(string name, string value)
        {
            body.AddRange(Encoding.UTF8.GetBytes(name));
            body.Add(0);
            body.AddRange(Encoding.UTF8.GetBytes(value));
            body.Add(0);
        }

        Parameter("user", settings.User);
        Parameter("database", settings.Database);
        Parameter("application_name", settings.ApplicationName);
        // Binary COPY sends text values in the client encoding (textsend): UTF8, as Npgsql asks for.
        Parameter("client_encoding", "UTF8");
        if (settings.Options is { } options)
        {
            Parameter("options", options);
        }

        body.Add(0);
        return [.. body];
    }
}
