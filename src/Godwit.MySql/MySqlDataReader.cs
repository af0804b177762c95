using System.Text;
using Godwit.MySql.Protocol;
using Godwit.MySql.Text;

namespace Godwit.MySql;

/// <summary>
/// Streams the rows of one or more result sets. Only the current row is held, in the connection's
/// receive buffer: <see cref="GetRawBytes"/> is zero-copy and valid until the next <see cref="ReadAsync"/>.
/// Disposing reads and discards whatever is left, so the connection can run the next command.
/// </summary>
public sealed partial class MySqlDataReader : IAsyncDisposable
{
    private static readonly ColumnDefinition[] NoColumns = [];

    // The first byte of a LOCAL INFILE request (MySQL internals, "COM_QUERY Response").
    private const byte LocalInfileHeader = 0xFB;

    private readonly MySqlConnection _connection;
    private readonly bool _binary;
    private ColumnDefinition[] _columns = NoColumns;
    private CharacterSetKind[] _charsets = [];
    private int[] _offsets = [];
    private int[] _lengths = [];
    private ReadOnlyMemory<byte> _row;
    private bool _hasRow;
    private ReaderState _state;

    private MySqlDataReader(MySqlConnection connection, bool binary)
    {
        _connection = connection;
        _binary = binary;
    }

    public IReadOnlyList<ColumnDefinition> Columns => _columns;

    public int FieldCount => _columns.Length;

    /// <summary>Rows changed by the current result's statement, once it has been read to its end.</summary>
    public long RowsAffected { get; private set; }

    public ulong LastInsertId { get; private set; }

    public int WarningCount { get; private set; }

    /// <summary>How many results (row sets or OKs) this reader has reached so far.</summary>
    public int ResultCount { get; private set; }

    internal static async ValueTask<MySqlDataReader> StartAsync(MySqlConnection connection, bool binary, CancellationToken cancellationToken)
    {
        var reader = new MySqlDataReader(connection, binary);
        await reader.ReadResultHeaderAsync(cancellationToken);
        return reader;
    }

    /// <summary>Advances to the next row; false at the end of the current result.</summary>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (_state != ReaderState.InRows)
        {
            _hasRow = false;
            return new ValueTask<bool>(false);
        }

        // Fast path: the next row is already buffered, so neither an await nor a cancellation
        // registration is needed.
        if (!cancellationToken.IsCancellationRequested)
        {
            bool buffered;
            ReadOnlyMemory<byte> payload;
            try
            {
                buffered = _connection.Transport.TryReadBufferedPayload(out payload);
            }
            catch (MySqlException ex)
            {
                throw _connection.Fail(ex, cancellationToken);
            }

            if (buffered)
            {
                return new ValueTask<bool>(ProcessRowPacket(payload, cancellationToken));
            }
        }

        return ReadSlowAsync(cancellationToken);
    }

    /// <summary>Moves to the next result of a multi-statement query, discarding unread rows of the current one.</summary>
    public async ValueTask<bool> NextResultAsync(CancellationToken cancellationToken)
    {
        while (_state == ReaderState.InRows)
        {
            await ReadAsync(cancellationToken);
        }

        if (_state == ReaderState.Finished)
        {
            return false;
        }

        await ReadResultHeaderAsync(cancellationToken);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_state == ReaderState.Finished)
        {
            return;
        }

        if (!_connection.IsUsable)
        {
            // The failure was reported where it happened; there is nothing left to drain.
            _state = ReaderState.Finished;
            return;
        }

        try
        {
            while (await NextResultAsync(CancellationToken.None))
            {
            }
        }
        catch (MySqlException)
        {
            // A later statement failed after the caller stopped reading (the connection stays
            // usable), or the connection broke (it now reports itself as broken).
        }
        catch (OperationCanceledException)
        {
            // Already reported to the reader of the rows.
        }
    }

    internal async Task<MySqlCommandResult> ReadToEndAsync(CancellationToken cancellationToken)
    {
        MySqlCommandResult result;
        do
        {
            while (await ReadAsync(cancellationToken))
            {
            }

            result = new MySqlCommandResult(RowsAffected, LastInsertId, WarningCount);
        }
        while (await NextResultAsync(cancellationToken));

        return result;
    }

    private async ValueTask<bool> ReadSlowAsync(CancellationToken cancellationToken)
    {
        using var registration = _connection.RegisterCancellation(cancellationToken);
        while (true)
        {
            var payload = await _connection.ReadPayloadAsync(cancellationToken);
            var hasRow = ProcessRowPacket(payload, cancellationToken);
            if (!cancellationToken.IsCancellationRequested || !_connection.CancellationRequested)
            {
                return hasRow;
            }

            // Cancelled: KILL QUERY is on its way. Discard what still arrives until the server
            // reports the interruption (thrown from ProcessRowPacket) or the results end anyway.
            if (!hasRow)
            {
                while (_state != ReaderState.Finished)
                {
                    await NextResultAsync(CancellationToken.None);
                }

                throw new OperationCanceledException("The query was cancelled.", cancellationToken);
            }
        }
    }

    private async ValueTask ReadResultHeaderAsync(CancellationToken cancellationToken)
    {
        using var registration = _connection.RegisterCancellation(cancellationToken);
        _hasRow = false;
        _columns = NoColumns;
        ResultCount++;
        var payload = await _connection.ReadPayloadAsync(cancellationToken);
        var header = payload.Span[0];
        switch (header)
        {
            case OkPacket.OkHeader:
                EndResult(OkPacket.Parse(payload.Span, _connection.DeprecateEof));
                return;
            case OkPacket.ErrorHeader:
                throw FinishWithError(payload.Span, cancellationToken);
            case LocalInfileHeader:
                var requested = Encoding.UTF8.GetString(payload.Span[1..]);
                if (_connection.TakeLocalInfile(requested) is { } request)
                {
                    await SendLocalInfileAsync(request, cancellationToken);
                }
                else
                {
                    await RefuseLocalInfileAsync(requested, cancellationToken);
                }

                return;
        }

        var countReader = new MySqlPayloadReader(payload.Span);
        var count = checked((int)countReader.ReadLengthEncodedInteger());
        var columns = new ColumnDefinition[count];
        for (var i = 0; i < count; i++)
        {
            var definition = await _connection.ReadPayloadAsync(cancellationToken);
            columns[i] = ColumnDefinition.Parse(definition.Span, _connection.ExtendedMetadata);
        }

        if (!_connection.DeprecateEof)
        {
            await _connection.ReadPayloadAsync(cancellationToken);
        }

        _columns = columns;
        if (_offsets.Length < count)
        {
            _offsets = new int[count];
            _lengths = new int[count];
        }

        _charsets = new CharacterSetKind[count];
        for (var i = 0; i < count; i++)
        {
            _charsets[i] = CharacterSets.GetKind(columns[i].CharacterSet);
        }

        RowsAffected = 0;
        LastInsertId = 0;
        WarningCount = 0;
        _state = ReaderState.InRows;
    }

    /// <summary>
    /// LOAD DATA LOCAL INFILE request (0xFB + file name; MySQL internals, "LOCAL INFILE Request"): send the registered
    /// rows as raw packets, then an empty packet for end of file; the server answers OK or ERR.
    /// </summary>
    private async ValueTask SendLocalInfileAsync(LocalInfileRequest request, CancellationToken cancellationToken)
    {
        using (var writer = new MySqlLoadDataWriter(_connection))
        {
            try
            {
                await request.WriteData(writer, cancellationToken);
                await writer.FlushAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not MySqlException { IsClientError: true })
            {
                // An empty packet now would make the server load the rows sent so far. Closing the connection
                // aborts the statement instead, and its transaction is rolled back.
                _connection.MarkBroken($"the data of LOAD DATA LOCAL INFILE '{request.FileName}' failed ({ex.Message}); the connection was closed so that nothing was loaded");
                _state = ReaderState.Finished;
                throw;
            }
        }

        await EndLocalInfileAsync(cancellationToken);
    }

    /// <summary>Sends the empty packet that ends the file and reads the statement's result (OK, or ERR thrown).</summary>
    private async ValueTask EndLocalInfileAsync(CancellationToken cancellationToken)
    {
        using (var end = new MySqlPayloadWriter(1))
        {
            await _connection.WriteAsync(end);
        }

        var response = await _connection.ReadPayloadAsync(cancellationToken);
        if (response.Span[0] == OkPacket.ErrorHeader)
        {
            throw FinishWithError(response.Span, cancellationToken);
        }

        EndResult(OkPacket.Parse(response.Span, _connection.DeprecateEof));
    }

    /// <summary>LOAD DATA LOCAL INFILE request for data we did not offer: answer with an empty file (the protocol's way of declining).</summary>
    private async ValueTask RefuseLocalInfileAsync(string requested, CancellationToken cancellationToken)
    {
        await EndLocalInfileAsync(cancellationToken);
        throw MySqlException.Client(
            MySqlClientError.UnknownError,
            $"The server asked for the local file '{requested}', which this statement did not offer (use MySqlConnection.LoadLocalDataAsync); no data was sent.");
    }

    private bool ProcessRowPacket(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var span = payload.Span;
        if (OkPacket.IsEndOfResultSet(span))
        {
            _hasRow = false;
            EndResult(OkPacket.Parse(span, _connection.DeprecateEof));
            return false;
        }

        if (span[0] == OkPacket.ErrorHeader)
        {
            _hasRow = false;
            throw FinishWithError(span, cancellationToken);
        }

        if (_binary)
        {
            ParseBinaryRow(span);
        }
        else
        {
            ParseTextRow(span);
        }

        _row = payload;
        _hasRow = true;
        return true;
    }

    /// <summary>Text row: one length-encoded string per column, 0xFB for NULL.</summary>
    private void ParseTextRow(ReadOnlySpan<byte> span)
    {
        var reader = new MySqlPayloadReader(span);
        var offsets = _offsets;
        var lengths = _lengths;
        for (var i = 0; i < _columns.Length; i++)
        {
            var length = reader.ReadLengthEncodedLengthOrNull();
            offsets[i] = reader.Position;
            if (length is { } n)
            {
                lengths[i] = n;
                reader.Skip(n);
            }
            else
            {
                lengths[i] = -1;
            }
        }
    }

    /// <summary>Binary row: 0x00, a NULL bitmap offset by 2 bits, then each non-NULL value in its binary form.</summary>
    private void ParseBinaryRow(ReadOnlySpan<byte> span)
    {
        var reader = new MySqlPayloadReader(span);
        reader.ReadByte();
        var bitmap = reader.ReadBytes((_columns.Length + 7 + 2) / 8);
        for (var i = 0; i < _columns.Length; i++)
        {
            var bit = i + 2;
            if ((bitmap[bit / 8] & (1 << (bit % 8))) != 0)
            {
                _offsets[i] = reader.Position;
                _lengths[i] = -1;
                continue;
            }

            var type = _columns[i].Type;
            var length = BinaryRowLayout.FixedSize(type);
            if (length == 0)
            {
                length = BinaryRowLayout.IsTemporal(type) ? reader.ReadByte() : checked((int)reader.ReadLengthEncodedInteger());
            }

            _offsets[i] = reader.Position;
            _lengths[i] = length;
            reader.Skip(length);
        }
    }

    private void EndResult(OkPacket ok)
    {
        RowsAffected = checked((long)ok.AffectedRows);
        LastInsertId = ok.LastInsertId;
        WarningCount = ok.WarningCount;
        if ((ok.Status & ServerStatusFlags.MoreResultsExist) != 0)
        {
            _state = ReaderState.ResultEnded;
        }
        else
        {
            Finish();
        }
    }

    private Exception FinishWithError(ReadOnlySpan<byte> payload, CancellationToken cancellationToken)
    {
        var error = ErrorPacket.Parse(payload);
        Finish();
        return _connection.TranslateServerError(error, cancellationToken);
    }

    private void Finish()
    {
        _state = ReaderState.Finished;
        _connection.CompleteCommand();
    }
}
