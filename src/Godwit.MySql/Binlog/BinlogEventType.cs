namespace Godwit.MySql.Binlog;

/// <summary>
/// The type byte of a binlog event header (Log_event_type in MySQL's binlog_event.h, extended by
/// MariaDB from 160 up). Only the types this client decodes are named; any other value is skipped
/// by its length.
/// </summary>
public enum BinlogEventType : byte
{
    Unknown = 0,
    StartV3 = 1,
    Query = 2,
    Stop = 3,
    Rotate = 4,
    Intvar = 5,
    Rand = 13,
    UserVar = 14,
    FormatDescription = 15,
    Xid = 16,
    TableMap = 19,
    WriteRowsV1 = 23,
    UpdateRowsV1 = 24,
    DeleteRowsV1 = 25,
    Incident = 26,
    Heartbeat = 27,
    Ignorable = 28,
    RowsQuery = 29,
    WriteRowsV2 = 30,
    UpdateRowsV2 = 31,
    DeleteRowsV2 = 32,
    MySqlGtid = 33,
    MySqlAnonymousGtid = 34,
    MySqlPreviousGtids = 35,
    MySqlTransactionContext = 36,
    MySqlViewChange = 37,
    XaPrepare = 38,
    MySqlPartialUpdateRows = 39,
    MySqlTransactionPayload = 40,
    MySqlHeartbeatV2 = 41,
    MySqlGtidTagged = 42,
    MariaDbAnnotateRows = 160,
    MariaDbBinlogCheckpoint = 161,
    MariaDbGtid = 162,
    MariaDbGtidList = 163,
    MariaDbStartEncryption = 164,
    MariaDbQueryCompressed = 165,
    MariaDbWriteRowsCompressedV2 = 166,
    MariaDbUpdateRowsCompressedV2 = 167,
    MariaDbDeleteRowsCompressedV2 = 168,
    MariaDbWriteRowsCompressedV1 = 169,
    MariaDbUpdateRowsCompressedV1 = 170,
    MariaDbDeleteRowsCompressedV1 = 171,
}
