namespace Godwit.MySql.Binlog;

/// <summary>
/// The source's binlog head: where the next event will be written. One place for the statement, which MySQL 8.2
/// renamed (SHOW MASTER STATUS → SHOW BINARY LOG STATUS; the old name is deprecated and goes in 8.4).
/// </summary>
public static class BinlogHead
{
    private static readonly (int Major, int Minor, int Patch) MySqlBinaryLogStatus = (8, 2, 0);

    /// <summary>The head as file and offset, or null when binary logging is off.</summary>
    public static async Task<BinlogPosition?> ReadAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var version = connection.ServerVersion;
        var sql = !version.IsMariaDb && version.IsAtLeast(MySqlBinaryLogStatus.Major, MySqlBinaryLogStatus.Minor, MySqlBinaryLogStatus.Patch)
            ? "SHOW BINARY LOG STATUS"
            : "SHOW MASTER STATUS";
        await using var reader = await connection.QueryAsync(sql, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var head = new BinlogPosition(reader.GetString(0), reader.GetInt64(1));
        while (await reader.ReadAsync(cancellationToken))
        {
        }

        return head;
    }
}
