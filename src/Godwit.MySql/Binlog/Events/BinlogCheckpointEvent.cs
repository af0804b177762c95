namespace Godwit.MySql.Binlog.Events;

/// <summary>
/// MariaDB BINLOG_CHECKPOINT_EVENT (161): the oldest binlog file crash recovery still needs. It is
/// not a replication position; it is surfaced for completeness.
/// </summary>
public sealed class BinlogCheckpointEvent : BinlogEvent
{
    internal BinlogCheckpointEvent(BinlogEventHeader header, string fileName)
        : base(header) => FileName = fileName;

    public string FileName { get; }
}
