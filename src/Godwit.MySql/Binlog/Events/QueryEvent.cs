namespace Godwit.MySql.Binlog.Events;

/// <summary>
/// QUERY_EVENT: a statement logged as text — DDL (CREATE, ALTER, TRUNCATE, DROP), and BEGIN/COMMIT
/// around non-GTID or non-transactional changes. In ROW format, data changes come as rows events.
/// </summary>
public sealed class QueryEvent : BinlogEvent
{
    internal QueryEvent(BinlogEventHeader header, uint threadId, uint executionSeconds, ushort errorCode, string database, string query)
        : base(header)
    {
        ThreadId = threadId;
        ExecutionSeconds = executionSeconds;
        ErrorCode = errorCode;
        Database = database;
        Query = query;
    }

    public uint ThreadId { get; }

    public uint ExecutionSeconds { get; }

    public ushort ErrorCode { get; }

    /// <summary>The default database when the statement ran (it may name other databases explicitly).</summary>
    public string Database { get; }

    public string Query { get; }

    public bool IsBegin => Query.Equals("BEGIN", StringComparison.OrdinalIgnoreCase);

    public bool IsCommit => Query.Equals("COMMIT", StringComparison.OrdinalIgnoreCase);

    public bool IsRollback => Query.Equals("ROLLBACK", StringComparison.OrdinalIgnoreCase);
}
