using System.Text;
using Godwit.MySql.Protocol;

namespace Godwit.MySql;

/// <summary>
/// Writes rows for <c>LOAD DATA LOCAL INFILE</c> in the statement's default text format (fields terminated by a
/// tab, escaped by a backslash, lines terminated by a newline; MariaDB KB "LOAD DATA INFILE"): a tab, newline, NUL
/// or backslash inside a value is escaped, and NULL is <c>\N</c>. Rows are buffered and sent as packets of about
/// <see cref="PacketSize"/> bytes while the statement runs, so memory stays flat whatever the row count.
/// The statement must use those defaults (no FIELDS/LINES clauses) and name the character set of the bytes
/// (<c>CHARACTER SET utf8mb4</c> or <c>binary</c>).
/// </summary>
public sealed class MySqlLoadDataWriter : IDisposable
{
    /// <summary>Bytes gathered before a packet is sent.</summary>
    public const int PacketSize = 64 * 1024;

    private readonly MySqlConnection _connection;
    private readonly MySqlPayloadWriter _packet = new(PacketSize + 1024);
    private bool _rowStarted;

    internal MySqlLoadDataWriter(MySqlConnection connection)
    {
        _connection = connection;
    }

    /// <summary>Rows ended so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Bytes of row data handed to the server so far (escapes and separators included).</summary>
    public long BytesSent { get; private set; }

    /// <summary>Appends one value, escaped.</summary>
    public void WriteValue(ReadOnlySpan<byte> value)
    {
        Separate();
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var escape = value[i] switch
            {
                (byte)'\\' => (byte)'\\',
                (byte)'\t' => (byte)'t',
                (byte)'\n' => (byte)'n',
                0 => (byte)'0',
                _ => (byte)0,
            };

            if (escape != 0)
            {
                _packet.Write(value[start..i]);
                _packet.WriteByte((byte)'\\');
                _packet.WriteByte(escape);
                start = i + 1;
            }
        }

        _packet.Write(value[start..]);
    }

    /// <summary>Appends one value as UTF-8, escaped.</summary>
    public void WriteValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteValue(bytes);
    }

    /// <summary>Appends SQL NULL (<c>\N</c>).</summary>
    public void WriteNull()
    {
        Separate();
        _packet.WriteByte((byte)'\\');
        _packet.WriteByte((byte)'N');
    }

    /// <summary>Ends the row; sends a packet when enough has gathered.</summary>
    public ValueTask EndRowAsync(CancellationToken cancellationToken)
    {
        _packet.WriteByte((byte)'\n');
        _rowStarted = false;
        Rows++;
        return _packet.PayloadLength >= PacketSize ? SendAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Sends what is buffered (whole rows only: a row in progress is an error).</summary>
    internal ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_rowStarted)
        {
            throw new InvalidOperationException("LOAD DATA LOCAL: the last row was not ended (call EndRowAsync).");
        }

        return _packet.PayloadLength > 0 ? SendAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    public void Dispose() => _packet.Dispose();

    private void Separate()
    {
        if (_rowStarted)
        {
            _packet.WriteByte((byte)'\t');
        }

        _rowStarted = true;
    }

    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var length = _packet.PayloadLength;
        if (length <= MaxPacket)
        {
            await _connection.WriteAsync(_packet);
        }
        else
        {
            // One huge value. The file's bytes may be cut anywhere between packets, but one payload of 16 MiB - 1 or
            // more would be split by the transport and, at an exact multiple, followed by an empty packet, which
            // here means "end of file". Send it in slices instead.
            for (var offset = 0; offset < length; offset += MaxPacket)
            {
                using var slice = new MySqlPayloadWriter(MaxPacket);
                slice.Write(_packet.Payload.Slice(offset, Math.Min(MaxPacket, length - offset)));
                await _connection.WriteAsync(slice);
            }
        }

        BytesSent += length;
        _packet.Reset();
    }

    private const int MaxPacket = 1024 * 1024;
}
