namespace Godwit.MySql.Binlog;

/// <summary>The flags field of COM_BINLOG_DUMP / COM_BINLOG_DUMP_GTID.</summary>
[Flags]
internal enum BinlogDumpFlags : ushort
{
    None = 0,

    /// <summary>BINLOG_DUMP_NON_BLOCK: send EOF at the end of the binlog instead of waiting for more.</summary>
    NonBlocking = 0x01,

    /// <summary>MariaDB BINLOG_SEND_ANNOTATE_ROWS_EVENT: include ANNOTATE_ROWS events.</summary>
    SendAnnotateRows = 0x02,

    /// <summary>MySQL BINLOG_THROUGH_GTID: the GTID set in COM_BINLOG_DUMP_GTID is meaningful.</summary>
    ThroughGtid = 0x04,
}
