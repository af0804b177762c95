using System.Globalization;
using System.Text;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog;

/// <summary>
/// MySQL (internals manual, "COM_BINLOG_DUMP_GTID"; sql/rpl_source.cc): a GTID start sends the set of
/// transactions we already have, in binary, and the source streams everything else. A replica is also
/// identified by @slave_uuid (@replica_uuid from 8.0.26); a unique one per client keeps the source
/// from treating two of our streams as one reconnecting replica.
/// </summary>
internal sealed class MySqlBinlogDialect : IBinlogDialect
{
    public static MySqlBinlogDialect Instance { get; } = new();

    public IReadOnlyList<string> SessionStatements(BinlogClientOptions options, string checksum)
    {
        var uuid = Guid.NewGuid().ToString("D");
        var statements = new List<string>
        {
            // 8.0.26 renamed these to @source_binlog_checksum and @replica_uuid; both names are still read.
            $"SET @master_binlog_checksum = '{checksum}', @source_binlog_checksum = '{checksum}'",
            $"SET @slave_uuid = '{uuid}', @replica_uuid = '{uuid}'",
        };
        if (options.HeartbeatPeriod is { } period)
        {
            statements.Add(string.Create(CultureInfo.InvariantCulture, $"SET @master_heartbeat_period = {(long)period.TotalMilliseconds * 1_000_000L}"));
        }

        return statements;
    }

    public void WriteDumpCommand(MySqlPayloadWriter writer, BinlogClientOptions options)
    {
        if (options.Start.MariaDbGtids is not null)
        {
            throw new ArgumentException("A MariaDB GTID position cannot start a MySQL binlog stream; use a MySQL GTID set.", nameof(options));
        }

        var flags = options.StopAtEnd ? BinlogDumpFlags.NonBlocking : BinlogDumpFlags.None;
        if (options.Start.MySqlGtids is { } gtids)
        {
            WriteDumpGtid(writer, options.ServerId, flags, gtids.Encode());
            return;
        }

        var position = options.Start.Position!;
        writer.WriteByte((byte)CommandCode.BinlogDump);
        writer.WriteUInt32(checked((uint)position.Position));
        writer.WriteUInt16((ushort)flags);
        writer.WriteUInt32(options.ServerId);
        writer.Write(Encoding.UTF8.GetBytes(position.FileName));
    }

    /// <summary>
    /// COM_BINLOG_DUMP_GTID: 0x1E, flags&lt;2&gt;, server_id&lt;4&gt;, file name length&lt;4&gt; and name (empty),
    /// position&lt;8&gt; (4), then with BINLOG_THROUGH_GTID the GTID set's length&lt;4&gt; and binary form.
    /// </summary>
    internal static void WriteDumpGtid(MySqlPayloadWriter writer, uint serverId, BinlogDumpFlags flags, byte[] encodedGtids)
    {
        writer.WriteByte((byte)CommandCode.BinlogDumpGtid);
        writer.WriteUInt16((ushort)(flags | BinlogDumpFlags.ThroughGtid));
        writer.WriteUInt32(serverId);
        writer.WriteUInt32(0);
        writer.WriteUInt64(BinlogPosition.FirstEventPosition);
        writer.WriteUInt32(checked((uint)encodedGtids.Length));
        writer.Write(encodedGtids);
    }
}
