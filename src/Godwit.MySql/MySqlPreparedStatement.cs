using Godwit.MySql.Protocol;

namespace Godwit.MySql;

/// <summary>
/// A server-side prepared statement (COM_STMT_PREPARE). Values are always sent as binary
/// parameters, never spliced into SQL text. Belongs to one connection; dispose to close it.
/// </summary>
public sealed class MySqlPreparedStatement : IAsyncDisposable
{
    private readonly MySqlConnection _connection;
    private bool _closed;

    private MySqlPreparedStatement(MySqlConnection connection, uint statementId, int parameterCount, ColumnDefinition[] columns)
    {
        _connection = connection;
        StatementId = statementId;
        ParameterCount = parameterCount;
        Columns = columns;
    }

    public int ParameterCount { get; }

    /// <summary>The result columns, when the statement returns rows.</summary>
    public IReadOnlyList<ColumnDefinition> Columns { get; }

    internal uint StatementId { get; }

    internal static async Task<MySqlPreparedStatement> PrepareAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        await connection.BeginCommandAsync(cancellationToken);
        using (var writer = new MySqlPayloadWriter(sql.Length + 1))
        {
            writer.WriteByte((byte)CommandCode.StatementPrepare);
            writer.WriteUtf8(sql);
            await connection.WriteAsync(writer);
        }

        var response = await connection.ReadPayloadAsync(cancellationToken);
        if (response.Span[0] == OkPacket.ErrorHeader)
        {
            var error = ErrorPacket.Parse(response.Span);
            connection.CompleteCommand();
            throw error;
        }

        // COM_STMT_PREPARE_OK: 0x00, int<4> id, int<2> columns, int<2> params, filler, int<2> warnings.
        uint statementId;
        int columnCount, parameterCount;
        {
            var reader = new MySqlPayloadReader(response.Span);
            reader.ReadByte();
            statementId = reader.ReadUInt32();
            columnCount = reader.ReadUInt16();
            parameterCount = reader.ReadUInt16();
        }

        await ReadDefinitionsAsync(connection, parameterCount, cancellationToken);
        var columns = await ReadDefinitionsAsync(connection, columnCount, cancellationToken);
        connection.CompleteCommand();
        return new MySqlPreparedStatement(connection, statementId, parameterCount, columns);
    }

    /// <summary>Executes with the given parameter values and returns the affected rows (rows, if any, are discarded).</summary>
    public async Task<MySqlCommandResult> ExecuteAsync(IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        await using var reader = await QueryAsync(parameters, cancellationToken);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Executes and streams the result rows (binary protocol; the reader's typed getters decode them).</summary>
    public async Task<MySqlDataReader> QueryAsync(IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ObjectDisposedException.ThrowIf(_closed, this);
        if (parameters.Count != ParameterCount)
        {
            throw new ArgumentException($"The statement has {ParameterCount} parameters, but {parameters.Count} values were given.", nameof(parameters));
        }

        await _connection.BeginCommandAsync(cancellationToken);
        using (var writer = new MySqlPayloadWriter(64 + (parameters.Count * 16)))
        {
            WriteExecute(writer, parameters);
            await _connection.WriteAsync(writer);
        }

        return await MySqlDataReader.StartAsync(_connection, binary: true, cancellationToken);
    }

    /// <summary>Sends COM_STMT_CLOSE (which has no response) when the connection is idle.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (!_connection.IsUsable)
        {
            return;
        }

        try
        {
            await _connection.BeginCommandAsync(CancellationToken.None);
            using var writer = new MySqlPayloadWriter(5);
            writer.WriteByte((byte)CommandCode.StatementClose);
            writer.WriteUInt32(StatementId);
            await _connection.WriteAsync(writer);
            _connection.CompleteCommand();
        }
        catch (MySqlException)
        {
            // Busy or broken: the server frees the statement with the session.
        }
    }

    private void WriteExecute(MySqlPayloadWriter writer, IReadOnlyList<object?> parameters)
    {
        writer.WriteByte((byte)CommandCode.StatementExecute);
        writer.WriteUInt32(StatementId);
        writer.WriteByte(0); // CURSOR_TYPE_NO_CURSOR
        writer.WriteUInt32(1); // iteration count, always 1
        if (parameters.Count == 0)
        {
            return;
        }

        var bitmap = writer.GetSpan((parameters.Count + 7) / 8)[..((parameters.Count + 7) / 8)];
        bitmap.Clear();
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i] is null or DBNull)
            {
                bitmap[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        writer.Advance(bitmap.Length);
        writer.WriteByte(1); // new-params-bound: types follow
        foreach (var value in parameters)
        {
            BinaryParameterWriter.WriteType(writer, value);
        }

        foreach (var value in parameters)
        {
            if (value is not (null or DBNull))
            {
                BinaryParameterWriter.WriteValue(writer, value);
            }
        }
    }

    private static async Task<ColumnDefinition[]> ReadDefinitionsAsync(MySqlConnection connection, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return [];
        }

        var definitions = new ColumnDefinition[count];
        for (var i = 0; i < count; i++)
        {
            var payload = await connection.ReadPayloadAsync(cancellationToken);
            definitions[i] = ColumnDefinition.Parse(payload.Span, connection.ExtendedMetadata);
        }

        if (!connection.DeprecateEof)
        {
            await connection.ReadPayloadAsync(cancellationToken);
        }

        return definitions;
    }
}
