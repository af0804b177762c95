using Godwit.Core.Copy;
using Godwit.Postgres.Copy.Binary;

namespace Godwit.Postgres.Source;

/// <summary>
/// Reads PostgreSQL's binary COPY format (docs: COPY, "Binary Format") straight into <see cref="RowBatch"/>es: each
/// field's bytes are the type's send format, which the target's binary COPY takes back unchanged.
/// </summary>
internal sealed class PgBinaryCopyReader(Stream stream)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _position;
    private int _length;

    public async ValueTask ReadHeaderAsync(CancellationToken cancellationToken)
    {
        await EnsureAsync(PgCopySignature.Bytes.Length + 8, cancellationToken).ConfigureAwait(false);
        if (!_buffer.AsSpan(_position, PgCopySignature.Bytes.Length).SequenceEqual(PgCopySignature.Bytes))
        {
            throw new InvalidDataException("the source's COPY output is not in the binary format");
        }

        // The signature, then the flags; the header extension's length is read next.
        _position += PgCopySignature.Bytes.Length + 4;
        var extension = ReadInt32();
        await EnsureAsync(extension, cancellationToken).ConfigureAwait(false);
        _position += extension;
    }

    /// <summary>Reads one row into the batch's row being built; false at the end of the data.</summary>
    public async ValueTask<bool> ReadRowAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        await EnsureAsync(2, cancellationToken).ConfigureAwait(false);
        var fields = (short)((_buffer[_position] << 8) | _buffer[_position + 1]);
        _position += 2;
        if (fields == -1)
        {
            return false;
        }

        if (fields != batch.ColumnCount)
        {
            throw new InvalidDataException($"the source's COPY sent {fields} fields where {batch.ColumnCount} columns were asked for");
        }

        for (var i = 0; i < fields; i++)
        {
            await EnsureAsync(4, cancellationToken).ConfigureAwait(false);
            var length = ReadInt32();
            if (length < 0)
            {
                batch.SetNull(i);
                continue;
            }

            await EnsureAsync(length, cancellationToken).ConfigureAwait(false);
            batch.SetValue(i, _buffer.AsSpan(_position, length));
            _position += length;
        }

        return true;
    }

    private int ReadInt32()
    {
        var value = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_position, 4));
        _position += 4;
        return value;
    }

    private async ValueTask EnsureAsync(int count, CancellationToken cancellationToken)
    {
        if (_length - _position >= count)
        {
            return;
        }

        // Keep the unread tail at the front; grow for a value larger than the buffer.
        var unread = _length - _position;
        if (count > _buffer.Length)
        {
            var larger = new byte[Math.Max(count, _buffer.Length * 2)];
            _buffer.AsSpan(_position, unread).CopyTo(larger);
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(_position, unread).CopyTo(_buffer);
        }

        _position = 0;
        _length = unread;
        while (_length < count)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(_length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("the source's COPY output ended in the middle of a row");
            }

            _length += read;
        }
    }
}
