using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog;

/// <summary>
/// The one place where MySQL and MariaDB differ in how a replica asks for the binlog: the session
/// variables set before the dump, and the dump command itself.
/// </summary>
internal interface IBinlogDialect
{
    /// <summary>SET statements for the dump session (checksums, heartbeat, capabilities, GTID start).</summary>
    IReadOnlyList<string> SessionStatements(BinlogClientOptions options, string checksum);

    void WriteDumpCommand(MySqlPayloadWriter writer, BinlogClientOptions options);
}
