using System.Globalization;
using System.Text;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog;

/// <summary>
/// MariaDB (KB "Replication protocol" and sql/sql_repl.cc): a GTID start goes through
/// @slave_connect_state with a plain COM_BINLOG_DUMP whose file and position are then ignored;
/// @mariadb_slave_capability=4 (MARIA_SLAVE_CAPABILITY_GTID) makes the source send GTID events
/// and GTID_LIST/BINLOG_CHECKPOINT instead of rewriting them into dummy events for old replicas.
/// </summary>
internal sealed class MariaDbBinlogDialect : IBinlogDialect
{
    public const int CapabilityGtid = 4;

    public static MariaDbBinlogDialect Instance { get; } = new();

    public IReadOnlyList<string> SessionStatements(BinlogClientOptions options, string checksum)
    {
        var statements = new List<string>
        {
            $"SET @master_binlog_checksum = '{checksum}'",
            string.Create(CultureInfo.InvariantCulture, $"SET @mariadb_slave_capability = {CapabilityGtid}"),
        };
        if (options.HeartbeatPeriod is { } period)
        {
            // Nanoseconds (sql_repl.cc: heartbeat_period = @master_heartbeat_period).
            statements.Add(string.Create(CultureInfo.InvariantCulture, $"SET @master_heartbeat_period = {(long)period.TotalMilliseconds * 1_000_000L}"));
        }

        if (options.Start.MariaDbGtids is { } gtids)
        {
            statements.Add($"SET @slave_connect_state = '{gtids}'");
            statements.Add($"SET @slave_gtid_strict_mode = {(options.GtidStrictMode ? 1 : 0)}");
            statements.Add("SET @slave_gtid_ignore_duplicates = 0");
        }

        return statements;
    }

    /// <summary>COM_BINLOG_DUMP: 0x12, position&lt;4&gt;, flags&lt;2&gt;, server_id&lt;4&gt;, file name to the end.</summary>
    public void WriteDumpCommand(MySqlPayloadWriter writer, BinlogClientOptions options)
    {
        if (options.Start.MySqlGtids is not null)
        {
            throw new ArgumentException("A MySQL GTID set cannot start a MariaDB binlog stream; use MariaDB GTIDs (domain-server-sequence).", nameof(options));
        }

        var position = options.Start.Position;
        var flags = BinlogDumpFlags.SendAnnotateRows | (options.StopAtEnd ? BinlogDumpFlags.NonBlocking : BinlogDumpFlags.None);
        writer.WriteByte((byte)CommandCode.BinlogDump);
        writer.WriteUInt32(checked((uint)(position?.Position ?? BinlogPosition.FirstEventPosition)));
        writer.WriteUInt16((ushort)flags);
        writer.WriteUInt32(options.ServerId);
        writer.Write(Encoding.UTF8.GetBytes(position?.FileName ?? string.Empty));
    }
}
