using System.Globalization;
using Godwit.MySql.Protocol;
using Godwit.MySql.Transport;

namespace Godwit.MySql;

/// <summary>
/// One session with a MySQL or MariaDB server over its native protocol. Not thread-safe: one
/// command at a time, and a <see cref="MySqlDataReader"/> keeps the connection busy until it has
/// been read to the end or disposed.
/// </summary>
public sealed class MySqlConnection : IAsyncDisposable
{
    private readonly MySqlConnectionSettings _settings;
    private readonly MySqlPacketTransport _transport;
    private readonly CapabilityFlags _capabilities;
    private readonly Lock _cancellationLock = new();
    private ConnectionState _state;
    private string? _brokenReason;
    private Task? _pendingKill;
    private bool _killConsumed;
    private LocalInfileRequest? _localInfile;

    private MySqlConnection(MySqlConnectionSettings settings, MySqlPacketTransport transport, EstablishedSession session)
    {
        _settings = settings;
        _transport = transport;
        _capabilities = session.Capabilities;
        ServerVersion = session.ServerVersion;
        ConnectionId = session.ConnectionId;
        IsTls = session.IsTls;
    }

    public ServerVersion ServerVersion { get; }

    /// <summary>The server's thread id for this session (CONNECTION_ID(), the target of KILL).</summary>
    public long ConnectionId { get; }

    public bool IsTls { get; }

    public MySqlConnectionSettings Settings => _settings;

    /// <summary>False once the connection has failed or been closed; such a connection only throws.</summary>
    public bool IsUsable => _state is ConnectionState.Idle or ConnectionState.Busy;

    internal MySqlConnectionPool? Pool { get; set; }

    internal MySqlPacketTransport Transport => _transport;

    internal bool DeprecateEof => (_capabilities & CapabilityFlags.DeprecateEof) != 0;

    internal bool ExtendedMetadata => (_capabilities & CapabilityFlags.MariaDbExtendedMetadata) != 0;

    public static async Task<MySqlConnection> OpenAsync(MySqlConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout);
        Stream? stream = null;
        try
        {
            stream = await StreamConnector.ConnectAsync(settings, timeout.Token);
            var connection = await OpenAsync(stream, settings, settings.UnixSocket is not null, timeout.Token);
            stream = null;
            return connection;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw MySqlException.Client(
                MySqlClientError.ConnectionError,
                string.Create(CultureInfo.InvariantCulture, $"Timed out after {settings.ConnectTimeout.TotalSeconds:0.#} s connecting to {Describe(settings)}."),
                ex);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>Runs the connection phase over an already open stream (tests inject a scripted server here).</summary>
    internal static async Task<MySqlConnection> OpenAsync(
        Stream stream, MySqlConnectionSettings settings, bool isUnixSocket, CancellationToken cancellationToken)
    {
        var transport = new MySqlPacketTransport(stream);
        try
        {
            var session = await ConnectionEstablisher.EstablishAsync(transport, settings, isUnixSocket, cancellationToken);
            return new MySqlConnection(settings, transport, session);
        }
        catch (Exception ex)
        {
            await transport.DisposeAsync();
            if (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                throw MySqlException.Client(
                    MySqlClientError.ServerLost, $"Lost connection to {Describe(settings)} during the handshake: {ex.Message}", ex);
            }

            throw;
        }
    }

    /// <summary>Runs one or more statements, reading and discarding any rows; returns the last statement's counts.</summary>
    public async Task<MySqlCommandResult> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var reader = await QueryAsync(sql, cancellationToken);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>
    /// Runs one statement with '?' placeholders bound to <paramref name="parameters"/> (prepared,
    /// executed and closed; values never become SQL text).
    /// </summary>
    public async Task<MySqlCommandResult> ExecuteAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        await using var statement = await PrepareAsync(sql, cancellationToken);
        return await statement.ExecuteAsync(parameters, cancellationToken);
    }

    /// <summary>Runs the SQL (COM_QUERY) and returns a reader positioned before the first row of the first result.</summary>
    public async Task<MySqlDataReader> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        await BeginCommandAsync(cancellationToken);
        using (var writer = new MySqlPayloadWriter(sql.Length + 1))
        {
            writer.WriteByte((byte)CommandCode.Query);
            writer.WriteUtf8(sql);
            await WriteAsync(writer);
        }

        return await MySqlDataReader.StartAsync(this, binary: false, cancellationToken);
    }

    /// <summary>
    /// Runs one <c>LOAD DATA LOCAL INFILE 'fileName' …</c> statement and answers the server's request for
    /// <paramref name="fileName"/> with the rows <paramref name="writeData"/> writes, streamed as they are written.
    /// The settings must allow it (<see cref="MySqlConnectionSettings.AllowLocalInfile"/>) and the server must have
    /// <c>local_infile</c> on. A request for any other file is refused. If <paramref name="writeData"/> throws or
    /// the token is cancelled, the connection is closed mid-statement so that the server loads nothing (the
    /// statement is aborted and its transaction rolled back), and the exception is rethrown.
    /// </summary>
    public async Task<MySqlCommandResult> LoadLocalDataAsync(
        string sql, string fileName, Func<MySqlLoadDataWriter, CancellationToken, ValueTask> writeData, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(writeData);
        if ((_capabilities & CapabilityFlags.LocalFiles) == 0)
        {
            throw MySqlException.Client(
                MySqlClientError.UnknownError,
                "LOAD DATA LOCAL INFILE needs MySqlConnectionSettings.AllowLocalInfile (and a server that offers CLIENT_LOCAL_FILES).");
        }

        _localInfile = new LocalInfileRequest(fileName, writeData);
        try
        {
            await using var reader = await QueryAsync(sql, cancellationToken);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        finally
        {
            _localInfile = null;
        }
    }

    /// <summary>The first column of the first row, or default when there is no row or it is NULL.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var reader = await QueryAsync(sql, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(0))
        {
            return default;
        }

        return reader.GetFieldValue<T>(0);
    }

    /// <summary>Prepares a statement (COM_STMT_PREPARE) whose '?' placeholders are sent as binary parameters.</summary>
    public Task<MySqlPreparedStatement> PrepareAsync(string sql, CancellationToken cancellationToken) =>
        MySqlPreparedStatement.PrepareAsync(this, sql, cancellationToken);

    /// <summary>COM_PING: checks that the session is alive.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await SimpleCommandAsync(CommandCode.Ping, cancellationToken);
    }

    /// <summary>
    /// Resets session state (variables, temporary tables, transactions) with COM_RESET_CONNECTION,
    /// or checks liveness with COM_PING on servers too old to reset.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await SimpleCommandAsync(
            ServerVersion.SupportsResetConnection ? CommandCode.ResetConnection : CommandCode.Ping, cancellationToken);
    }

    /// <summary>Returns a pooled connection to its pool; otherwise sends COM_QUIT and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Pool is { } pool)
        {
            Pool = null;
            await pool.ReturnAsync(this);
            return;
        }

        await CloseAsync();
    }

    internal async ValueTask CloseAsync()
    {
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        if (_state == ConnectionState.Idle)
        {
            try
            {
                _transport.ResetSequence();
                using var writer = new MySqlPayloadWriter(1);
                writer.WriteByte((byte)CommandCode.Quit);
                using var quitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _transport.WritePayloadAsync(writer, quitTimeout.Token);
            }
            catch (Exception ex) when (IsTransportFailure(ex) || ex is OperationCanceledException)
            {
                // Closing anyway.
            }
        }

        _state = ConnectionState.Closed;
        _brokenReason ??= "it was closed";
        await _transport.DisposeAsync();
    }

    internal async ValueTask BeginCommandAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_pendingKill is { } kill && _state == ConnectionState.Idle)
        {
            await AbsorbPendingKillAsync(kill);
        }

        switch (_state)
        {
            case ConnectionState.Busy:
                throw MySqlException.Client(
                    MySqlClientError.CommandsOutOfSync,
                    "The connection is busy: finish reading or dispose the previous MySqlDataReader first.");
            case ConnectionState.Broken:
            case ConnectionState.Closed:
                throw MySqlException.Client(
                    MySqlClientError.ConnectionBroken,
                    $"The connection {ConnectionId} cannot be used because {_brokenReason}; open a new connection.");
        }

        _state = ConnectionState.Busy;
        _transport.ResetSequence();
    }

    internal void CompleteCommand()
    {
        if (_state == ConnectionState.Busy)
        {
            _state = ConnectionState.Idle;
        }
    }

    /// <summary>Reads the next payload of the current command; transport failures break the connection.</summary>
    internal async ValueTask<ReadOnlyMemory<byte>> ReadPayloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The socket read itself is not cancelled: that would leave half a packet in flight.
            // Cancellation goes through KILL QUERY instead (see RegisterCancellation).
            return await _transport.ReadPayloadAsync(CancellationToken.None);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Fail(ex, cancellationToken);
        }
    }

    internal Exception Fail(Exception ex, CancellationToken cancellationToken)
    {
        var reason = ex is MySqlException { IsClientError: true } ? ex.Message : $"the network connection failed ({ex.Message})";
        MarkBroken(reason);
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException(
                "The query was cancelled; the connection had to be closed to stop it and cannot be used any more.", ex, cancellationToken);
        }

        return ex as MySqlException ?? MySqlException.Client(MySqlClientError.ServerLost, $"Lost connection to the server: {ex.Message}", ex);
    }

    /// <summary>
    /// Turns a server error of the current command into the exception to throw: a query stopped by our
    /// own KILL QUERY (ER_QUERY_INTERRUPTED 1317) surfaces as <see cref="OperationCanceledException"/>.
    /// </summary>
    internal Exception TranslateServerError(MySqlException error, CancellationToken cancellationToken)
    {
        if (error.ErrorCode == MySqlException.ErrorQueryInterrupted && _pendingKill is not null)
        {
            _killConsumed = true;
            return new OperationCanceledException("The query was cancelled (KILL QUERY).", error, cancellationToken);
        }

        return error;
    }

    /// <summary>While the returned registration lives, cancelling the token kills the running query.</summary>
    internal CancellationTokenRegistration RegisterCancellation(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((MySqlConnection)state!).OnCancellationRequested(), this)
            : default;

    internal bool CancellationRequested => _pendingKill is not null;

    /// <summary>The data registered for the file the server asks for; null (refuse) for any other name. Used once.</summary>
    internal LocalInfileRequest? TakeLocalInfile(string requestedFileName)
    {
        var request = _localInfile;
        _localInfile = null;
        return request is not null && string.Equals(request.FileName, requestedFileName, StringComparison.Ordinal) ? request : null;
    }

    internal void MarkBroken(string reason)
    {
        if (_state is ConnectionState.Closed)
        {
            return;
        }

        _state = ConnectionState.Broken;
        _brokenReason = reason;
        _transport.Abort();
    }

    internal static bool IsTransportFailure(Exception ex) =>
        ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException
            || (ex is MySqlException { IsClientError: true } mysql && mysql.ErrorCode != (int)MySqlClientError.CommandsOutOfSync);

    /// <summary>Sends one command payload; transport failures break the connection.</summary>
    internal async ValueTask WriteAsync(MySqlPayloadWriter writer)
    {
        try
        {
            await _transport.WritePayloadAsync(writer, CancellationToken.None);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Fail(ex, CancellationToken.None);
        }
    }

    private async Task SimpleCommandAsync(CommandCode command, CancellationToken cancellationToken)
    {
        await BeginCommandAsync(cancellationToken);
        using (var writer = new MySqlPayloadWriter(1))
        {
            writer.WriteByte((byte)command);
            await WriteAsync(writer);
        }

        await using var reader = await MySqlDataReader.StartAsync(this, binary: false, cancellationToken);
    }

    private void OnCancellationRequested()
    {
        lock (_cancellationLock)
        {
            if (_state != ConnectionState.Busy || _pendingKill is not null)
            {
                return;
            }

            _killConsumed = false;
            _pendingKill = Task.Run(KillQueryAsync);
        }
    }

    /// <summary>
    /// Stops the running statement from a side connection. If that fails, the only way to stop
    /// waiting is to close this connection, which then reports itself as broken.
    /// </summary>
    private async Task KillQueryAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_settings.ConnectTimeout);
            await using var side = await OpenAsync(_settings, timeout.Token);
            await side.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"KILL QUERY {ConnectionId}"), timeout.Token);
        }
        catch (Exception ex) when (ex is MySqlException or OperationCanceledException or IOException)
        {
            MarkBroken($"cancelling its query failed ({ex.Message})");
        }
    }

    /// <summary>
    /// A KILL QUERY that arrived after its statement had finished would interrupt the next one, so
    /// wait for it and, unless the interrupted statement already reported it, let a no-op absorb it.
    /// </summary>
    private async Task AbsorbPendingKillAsync(Task kill)
    {
        await kill;
        _pendingKill = null;
        if (_killConsumed || _state != ConnectionState.Idle)
        {
            return;
        }

        _state = ConnectionState.Busy;
        _transport.ResetSequence();
        using (var writer = new MySqlPayloadWriter(16))
        {
            writer.WriteByte((byte)CommandCode.Query);
            writer.WriteUtf8("DO SLEEP(0)");
            await WriteAsync(writer);
        }

        try
        {
            await using var reader = await MySqlDataReader.StartAsync(this, binary: false, CancellationToken.None);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlException.ErrorQueryInterrupted)
        {
            // The late kill landed here, as intended.
        }
    }

    private static string Describe(MySqlConnectionSettings settings) =>
        settings.UnixSocket ?? $"{settings.Host}:{settings.Port}";
}
