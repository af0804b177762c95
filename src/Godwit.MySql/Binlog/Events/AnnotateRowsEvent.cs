namespace Godwit.MySql.Binlog.Events;

/// <summary>
/// MariaDB ANNOTATE_ROWS_EVENT (160), or MySQL ROWS_QUERY_LOG_EVENT (29): the SQL text of the
/// statement whose rows events follow (binlog_annotate_row_events / binlog_rows_query_log_events).
/// </summary>
public sealed class AnnotateRowsEvent : BinlogEvent
{
    internal AnnotateRowsEvent(BinlogEventHeader header, string statement)
        : base(header) => Statement = statement;

    public string Statement { get; }
}
