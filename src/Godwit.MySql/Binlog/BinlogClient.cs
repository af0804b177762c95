using System.Runtime.CompilerServices;
using System.Text;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog;

/// <summary>
/// A replica connection that streams the source's binlog: it registers with a server id, asks for
/// the binlog from a file position or GTIDs, and yields decoded events one at a time. An event, and
/// every span its rows expose, is valid until the next read; nothing is buffered beyond the event
/// being read, so transactions of any size stream in constant memory. After each event that ends
/// a transaction, <see cref="Checkpoint"/> is a safe place to resume from.
/// </summary>
public sealed class BinlogClient : IAsyncDisposable
{
    private const byte OkHeader = 0x00;
    private const byte EofHeader = 0xFE;
    private const byte ErrorHeader = 0xFF;

    private readonly MySqlConnection _connection;
    private readonly BinlogClientOptions _options;
    private readonly BinlogEventDecoder _decoder;
    private readonly BinlogTransactionTracker _tracker;
    private string? _file;
    private long _position;
    private bool _ended;

    private BinlogClient(MySqlConnection connection, BinlogClientOptions options, BinlogChecksumAlgorithm checksum)
    {
        _connection = connection;
        _options = options;
        _decoder = new BinlogEventDecoder(checksum, options.VerifyChecksums, options.ColumnHints);
        _tracker = new BinlogTransactionTracker(options.Start, connection.ServerVersion.IsMariaDb);
        _file = options.Start.Position?.FileName;
        _position = options.Start.Position?.Position ?? 0;
    }

    public ServerVersion ServerVersion => _connection.ServerVersion;

    /// <summary>Where the stream is: the file and position after the last event read (null until known).</summary>
    public BinlogPosition? Position => _file is null ? null : new BinlogPosition(_file, _position);

    /// <summary>The last transaction boundary passed: where to resume without losing or repeating a transaction.</summary>
    public BinlogCheckpoint Checkpoint => _tracker.Checkpoint;

    /// <summary>
    /// When the last event read from a binlog file began on the source (its header timestamp). While
    /// events flow, now minus this is the replication lag; once a heartbeat arrives the stream is caught up.
    /// </summary>
    public DateTimeOffset? LastEventTime { get; private set; }

    /// <summary>The last heartbeat received (for lag measurement while the source is idle).</summary>
    public HeartbeatEvent? LastHeartbeat { get; private set; }

    /// <summary>Connects, registers as a replica and starts the dump. The connection is the client's until it is disposed.</summary>
    public static async Task<BinlogClient> StartAsync(MySqlConnectionSettings settings, BinlogClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(options.ServerId, nameof(options));
        var connection = await MySqlConnection.OpenAsync(settings with { Database = null }, cancellationToken);
        try
        {
            var dialect = BinlogDialects.For(connection.ServerVersion);
            var (checksum, sourceServerId) = await ReadSourceSettingsAsync(connection, cancellationToken);
            if (sourceServerId == options.ServerId)
            {
                throw new ArgumentException(
                    $"The replica server id {options.ServerId} is the source's own server_id; choose another.", nameof(options));
            }

            foreach (var statement in dialect.SessionStatements(options, checksum))
            {
                await connection.ExecuteAsync(statement, cancellationToken);
            }

            await RegisterAsync(connection, options, cancellationToken);
            var client = new BinlogClient(
                connection, options,
                checksum.Equals("CRC32", StringComparison.OrdinalIgnoreCase) ? BinlogChecksumAlgorithm.Crc32 : BinlogChecksumAlgorithm.Off);
            await connection.BeginCommandAsync(cancellationToken);
            using (var writer = new MySqlPayloadWriter(64))
            {
                dialect.WriteDumpCommand(writer, options);
                await connection.WriteAsync(writer);
            }

            return client;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The next event, or null when the source ended the stream (only with <see cref="BinlogClientOptions.StopAtEnd"/>).
    /// Cancelling closes the connection (a dump cannot be interrupted any other way); the client is then unusable.
    /// </summary>
    public async ValueTask<BinlogEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return null;
        }

        var payload = await ReadPayloadAsync(cancellationToken);
        var span = payload.Span;
        switch (span.IsEmpty ? ErrorHeader : span[0])
        {
            case OkHeader:
                break;
            case EofHeader when span.Length < 9:
                _ended = true;
                return null;
            case ErrorHeader when !span.IsEmpty:
                var error = ErrorPacket.Parse(span);
                if (error.ErrorCode == BinlogErrors.SourceCannotReadBinlog)
                {
                    throw BinlogErrors.PositionUnavailable(error, Position?.ToString() ?? _options.Start.ToString());
                }

                throw error;
            default:
                throw BinlogErrors.Malformed($"a binlog packet starting with 0x{span[0]:X2}");
        }

        var binlogEvent = _decoder.Decode(payload[1..], DateTimeOffset.UtcNow);
        Track(binlogEvent);
        return binlogEvent;
    }

    /// <summary>All events until the stream ends or the token is cancelled.</summary>
    public async IAsyncEnumerable<BinlogEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await ReadAsync(cancellationToken) is { } binlogEvent)
        {
            yield return binlogEvent;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async ValueTask<ReadOnlyMemory<byte>> ReadPayloadAsync(CancellationToken cancellationToken)
    {
        var pending = _connection.ReadPayloadAsync(cancellationToken);
        if (pending.IsCompleted || !cancellationToken.CanBeCanceled)
        {
            return await pending;
        }

        // The dump has no command to interrupt it; closing the socket is the only way to stop a wait.
        using var registration = cancellationToken.UnsafeRegister(
            static state => ((MySqlConnection)state!).MarkBroken("the binlog stream was cancelled"), _connection);
        return await pending;
    }

    private void Track(BinlogEvent binlogEvent)
    {
        switch (binlogEvent)
        {
            case RotateEvent rotate:
                _file = rotate.NextFile;
                _position = rotate.NextPosition;
                _decoder.CurrentFile = _file;
                break;
            case HeartbeatEvent heartbeat:
                LastHeartbeat = heartbeat;
                break;
            default:
                if (binlogEvent.Header.NextPosition != 0)
                {
                    _position = binlogEvent.Header.NextPosition;
                }

                break;
        }

        if (!binlogEvent.Header.IsArtificial && binlogEvent is not HeartbeatEvent)
        {
            LastEventTime = binlogEvent.Header.Time;
            if (_file is not null)
            {
                binlogEvent.Position = new BinlogPosition(_file, _position);
            }
        }

        binlogEvent.EndsTransaction = _tracker.Observe(binlogEvent);
    }

    private static async Task<(string Checksum, long ServerId)> ReadSourceSettingsAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var reader = await connection.QueryAsync("SELECT @@global.binlog_checksum, @@global.server_id", cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var result = (reader.IsDBNull(0) ? "NONE" : reader.GetString(0), reader.GetInt64(1));
        await reader.ReadToEndAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// COM_REGISTER_SLAVE: 0x15, server_id&lt;4&gt;, host, user and password as 1-byte-length strings,
    /// port&lt;2&gt;, replication_rank&lt;4&gt;, master_id&lt;4&gt;. Makes us visible in SHOW SLAVE HOSTS.
    /// </summary>
    private static async Task RegisterAsync(MySqlConnection connection, BinlogClientOptions options, CancellationToken cancellationToken)
    {
        await connection.BeginCommandAsync(cancellationToken);
        using (var writer = new MySqlPayloadWriter(64))
        {
            writer.WriteByte((byte)CommandCode.RegisterSlave);
            writer.WriteUInt32(options.ServerId);
            var host = Encoding.UTF8.GetBytes(options.ReportHost);
            writer.WriteByte((byte)Math.Min(host.Length, 255));
            writer.Write(host.AsSpan(0, Math.Min(host.Length, 255)));
            writer.WriteByte(0);
            writer.WriteByte(0);
            writer.WriteUInt16(0);
            writer.WriteUInt32(0);
            writer.WriteUInt32(0);
            await connection.WriteAsync(writer);
        }

        await using var reader = await MySqlDataReader.StartAsync(connection, binary: false, cancellationToken);
    }
}
