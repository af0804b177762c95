namespace Godwit.MySql.Protocol;

/// <summary>The first byte of every client command packet.</summary>
internal enum CommandCode : byte
{
    Quit = 0x01,
    InitDb = 0x02,
    Query = 0x03,
    Ping = 0x0E,
    BinlogDump = 0x12,
    RegisterSlave = 0x15,
    StatementPrepare = 0x16,
    StatementExecute = 0x17,
    StatementSendLongData = 0x18,
    StatementClose = 0x19,
    StatementReset = 0x1A,
    BinlogDumpGtid = 0x1E,
    ResetConnection = 0x1F,
}
