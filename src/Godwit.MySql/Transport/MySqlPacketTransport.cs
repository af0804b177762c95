using System.Buffers;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Transport;

/// <summary>
/// Frames packets over a byte stream: a 3-byte little-endian payload length and a 1-byte sequence
/// id. Payloads of 0xFFFFFF bytes or more are split into maximum-size packets followed by a shorter
/// one; an exact multiple ends with an empty packet (MySQL internals, "Sending More Than 16Mb").
/// Reads are buffered in a pooled array, and a payload returned by a read stays valid until the
/// next read, which lets the data reader expose row bytes without copying them.
/// </summary>
internal sealed class MySqlPacketTransport : IAsyncDisposable
{
    public const int MaxPacketPayload = 0xFFFFFF;
    private const int HeaderSize = 4;
    private const int InitialBufferSize = 128 * 1024;
    private const int MaxRetainedBufferSize = 1024 * 1024;

    private readonly byte[] _header = new byte[HeaderSize];
    private Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private byte[]? _largePayload;
    private byte _sequenceId;
    private bool _disposed;

    public MySqlPacketTransport(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    }

    public Stream Stream => _stream;

    /// <summary>
    /// Starts a new command: both directions count sequence ids from zero again. Buffers grown for
    /// a huge packet of the previous command are given back, so an idle connection stays small.
    /// </summary>
    public void ResetSequence()
    {
        _sequenceId = 0;
        if (_start == _end && _buffer.Length > MaxRetainedBufferSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
            _start = _end = 0;
        }

        if (_largePayload is not null)
        {
            ArrayPool<byte>.Shared.Return(_largePayload);
            _largePayload = null;
        }
    }

    /// <summary>Switches to another stream over the same connection (after the TLS handshake).</summary>
    public void ReplaceStream(Stream stream)
    {
        if (_end != _start)
        {
            // The server must not send anything between the SSL request and the TLS handshake.
            throw MySqlException.Client(MySqlClientError.MalformedPacket, "Unexpected data before the TLS handshake.");
        }

        _stream = stream;
    }

    /// <summary>
    /// The next payload if a whole single packet is already buffered: the per-row fast path, which
    /// completes without awaiting or allocating.
    /// </summary>
    public bool TryReadBufferedPayload(out ReadOnlyMemory<byte> payload)
    {
        var available = _end - _start;
        if (available >= HeaderSize)
        {
            var length = _buffer[_start] | (_buffer[_start + 1] << 8) | (_buffer[_start + 2] << 16);
            if (length < MaxPacketPayload && available >= HeaderSize + length)
            {
                CheckSequence(_buffer[_start + 3]);
                payload = new ReadOnlyMemory<byte>(_buffer, _start + HeaderSize, length);
                _start += HeaderSize + length;
                return true;
            }
        }

        payload = default;
        return false;
    }

    public ValueTask<ReadOnlyMemory<byte>> ReadPayloadAsync(CancellationToken cancellationToken) =>
        TryReadBufferedPayload(out var payload)
            ? new ValueTask<ReadOnlyMemory<byte>>(payload)
            : ReadPayloadSlowAsync(cancellationToken);

    public async ValueTask WritePayloadAsync(MySqlPayloadWriter writer, CancellationToken cancellationToken)
    {
        var buffer = writer.Buffer;
        var length = writer.PayloadLength;
        if (length < MaxPacketPayload)
        {
            WriteHeader(buffer, length);
            await _stream.WriteAsync(buffer.AsMemory(0, HeaderSize + length), cancellationToken);
        }
        else
        {
            var offset = HeaderSize;
            var remaining = length;
            int chunk;
            do
            {
                chunk = Math.Min(remaining, MaxPacketPayload);
                WriteHeader(_header, chunk);
                await _stream.WriteAsync(_header.AsMemory(), cancellationToken);
                await _stream.WriteAsync(buffer.AsMemory(offset, chunk), cancellationToken);
                offset += chunk;
                remaining -= chunk;
            }
            while (chunk == MaxPacketPayload);
        }

        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Closes the underlying stream so that a pending read fails promptly. Buffers are kept until
    /// <see cref="DisposeAsync"/>, because the aborted read may still be writing into them.
    /// </summary>
    public void Abort()
    {
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // Closing an already broken stream may fail; it is closed either way.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stream.DisposeAsync();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (_largePayload is not null)
        {
            ArrayPool<byte>.Shared.Return(_largePayload);
            _largePayload = null;
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadPayloadSlowAsync(CancellationToken cancellationToken)
    {
        await FillAsync(HeaderSize, cancellationToken);
        var length = ReadHeader();
        if (length < MaxPacketPayload)
        {
            await FillAsync(length, cancellationToken);
            var payload = new ReadOnlyMemory<byte>(_buffer, _start, length);
            _start += length;
            return payload;
        }

        // A payload of 16 MiB or more arrives as several packets; join them in a separate buffer.
        var total = 0;
        while (true)
        {
            EnsureLargeCapacity(total + length);
            await ReadIntoAsync(_largePayload!.AsMemory(total, length), cancellationToken);
            total += length;
            if (length < MaxPacketPayload)
            {
                return new ReadOnlyMemory<byte>(_largePayload, 0, total);
            }

            await FillAsync(HeaderSize, cancellationToken);
            length = ReadHeader();
        }
    }

    private int ReadHeader()
    {
        var length = _buffer[_start] | (_buffer[_start + 1] << 8) | (_buffer[_start + 2] << 16);
        CheckSequence(_buffer[_start + 3]);
        _start += HeaderSize;
        return length;
    }

    private void CheckSequence(byte sequenceId)
    {
        if (sequenceId != _sequenceId)
        {
            throw MySqlException.Client(
                MySqlClientError.PacketOutOfOrder,
                $"Packets out of order: expected sequence id {_sequenceId}, received {sequenceId}.");
        }

        _sequenceId = unchecked((byte)(sequenceId + 1));
    }

    private void WriteHeader(byte[] target, int length)
    {
        target[0] = (byte)length;
        target[1] = (byte)(length >> 8);
        target[2] = (byte)(length >> 16);
        target[3] = _sequenceId;
        _sequenceId = unchecked((byte)(_sequenceId + 1));
    }

    /// <summary>Copies buffered bytes first, then reads the rest straight from the stream.</summary>
    private async ValueTask ReadIntoAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(_end - _start, target.Length);
        _buffer.AsSpan(_start, buffered).CopyTo(target.Span);
        _start += buffered;
        var filled = buffered;
        while (filled < target.Length)
        {
            var read = await _stream.ReadAsync(target[filled..], cancellationToken);
            if (read == 0)
            {
                throw ConnectionLost();
            }

            filled += read;
        }
    }

    private async ValueTask FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return;
        }

        if (_start + count > _buffer.Length)
        {
            var unread = _end - _start;
            var target = _buffer;
            if (count > _buffer.Length)
            {
                target = ArrayPool<byte>.Shared.Rent(Math.Max(count, _buffer.Length * 2));
            }

            Buffer.BlockCopy(_buffer, _start, target, 0, unread);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = target;
            }

            _start = 0;
            _end = unread;
        }

        while (_end - _start < count)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw ConnectionLost();
            }

            _end += read;
        }
    }

    private void EnsureLargeCapacity(int size)
    {
        if (_largePayload is not null && _largePayload.Length >= size)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(size, (_largePayload?.Length ?? 0) * 2));
        if (_largePayload is not null)
        {
            _largePayload.AsSpan().CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_largePayload);
        }

        _largePayload = bigger;
    }

    private static MySqlException ConnectionLost() =>
        MySqlException.Client(MySqlClientError.ServerLost, "Lost connection to the server: it closed the connection.");
}
