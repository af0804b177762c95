using System.Buffers.Binary;
using System.Net.Sockets;

namespace Godwit.Postgres.Wire;

/// <summary>
/// The data of one COPY … TO STDOUT: each read returns the bodies of as many CopyData messages as are already
/// received (blocking only when none is), so a read is not one row. Ends (0) after CopyDone, CommandComplete and
/// ReadyForQuery. Disposed before the end, it reads the rest (the connection's transaction goes on, as Npgsql's raw
/// COPY stream keeps it); cancelled, it closes the connection.
/// </summary>
internal sealed class PgCopyOutStream : Stream
{
    private readonly PgWireConnection _connection;
    private readonly PgWireTransport _transport;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenRegistration _registration;
    private int _leftInMessage;
    private bool _ended;

    /// <param name="registration">The cancellation's registration (it closes the connection), ended with the stream.</param>
    internal PgCopyOutStream(PgWireConnection connection, PgWireTransport transport, CancellationTokenRegistration registration, CancellationToken cancellationToken)
    {
        _connection = connection;
        _transport = transport;
        _cancellationToken = cancellationToken;
        _registration = registration;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return ReadCore(buffer);
        }
        catch (Exception ex) when (_cancellationToken.IsCancellationRequested && ex is SocketException or ObjectDisposedException or PgWireException)
        {
            throw new OperationCanceledException(_cancellationToken);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Cancellation still closes the connection while the rest is read.
            if (!_ended)
            {
                Finish();
            }

            _registration.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Reads the rest of the data and the server's end of the COPY, so the connection (and its snapshot transaction)
    /// goes on: the converting path stops reading at the binary trailer, before CopyDone, and a chunk refused by the
    /// target is read to its end anyway. A connection that fails meanwhile, or a cancelled one, is closed instead.
    /// </summary>
    private void Finish()
    {
        var scratch = new byte[64 * 1024];
        try
        {
            while (!_cancellationToken.IsCancellationRequested && ReadCore(scratch) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is PgWireException or SocketException or ObjectDisposedException or IOException)
        {
            // Nothing more can be read on it: it is closed below.
        }

        if (!_ended)
        {
            _ended = true;
            _connection.Abort();
        }
    }

    private int ReadCore(Span<byte> buffer)
    {
        var copied = 0;
        while (!_ended && copied < buffer.Length)
        {
            // Inside a CopyData body any byte is data; between messages a whole header is needed.
            var buffered = _transport.Buffered;
            var needed = _leftInMessage > 0 ? 1 : 5;
            if (buffered.Length < needed)
            {
                if (copied > 0)
                {
                    break;
                }

                _transport.Ensure(needed);
                continue;
            }

            if (_leftInMessage > 0)
            {
                var n = Math.Min(Math.Min(_leftInMessage, buffered.Length), buffer.Length - copied);
                buffered[..n].CopyTo(buffer[copied..]);
                _transport.Consume(n);
                _leftInMessage -= n;
                copied += n;
                continue;
            }

            if (buffered[0] == (byte)'d')
            {
                _leftInMessage = BinaryPrimitives.ReadInt32BigEndian(buffered[1..]) - 4;
                _transport.Consume(5);
                continue;
            }

            if (copied > 0)
            {
                break;
            }

            var body = _transport.ReadMessage(out var type);
            switch (type)
            {
                case (byte)'c':
                    _ended = true;
                    _connection.ReadUntilReady();
                    break;
                case (byte)'E':
                    _ended = true;
                    throw _connection.ErrorOnceReady(body);
                case (byte)'N' or (byte)'S' or (byte)'A':
                    break;
                default:
                    throw new PgWireException($"the server sent message '{(char)type}' inside COPY data");
            }
        }

        return copied;
    }
}
