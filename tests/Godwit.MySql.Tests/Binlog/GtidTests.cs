using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Gtids;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>MySQL GTID sets and their COM_BINLOG_DUMP_GTID encoding; MariaDB GTID positions.</summary>
public sealed class GtidTests
{
    [Fact]
    public void A_mysql_gtid_set_parses_merges_and_prints_intervals()
    {
        var set = MySqlGtidSet.Parse("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7, 00000000-0000-0000-0000-000000000001:3");
        set.Add(Guid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562"), 6);

        Assert.Equal("00000000-0000-0000-0000-000000000001:3,3e11fa47-71ca-11e1-9e33-c80aa9429562:1-7", set.ToString());
    }

    [Fact]
    public void A_mysql_gtid_set_encodes_as_com_binlog_dump_gtid_expects()
    {
        var set = MySqlGtidSet.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7");

        // n_sids<8>, sid<16>, n_intervals<8>, then [start, end) pairs of int<8>: [1, 6) and [7, 8).
        Assert.Equal(
            "0100000000000000" + "3E11FA4771CA11E19E33C80AA9429562" + "0200000000000000"
            + "0100000000000000" + "0600000000000000" + "0700000000000000" + "0800000000000000",
            Convert.ToHexString(set.Encode()));
    }

    [Fact]
    public void The_com_binlog_dump_gtid_packet_has_flags_server_id_empty_file_position_and_the_set()
    {
        var set = MySqlGtidSet.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1");
        using var writer = new MySqlPayloadWriter();

        MySqlBinlogDialect.Instance.WriteDumpCommand(
            writer, new BinlogClientOptions { ServerId = 0x01020304, Start = BinlogStart.FromMySqlGtidSet(set), StopAtEnd = true });

        var encoded = Convert.ToHexString(set.Encode());
        Assert.Equal(
            "1E" + "0500" + "04030201" + "00000000" + "0400000000000000" + "30000000" + encoded,
            Convert.ToHexString(writer.Payload));
    }

    [Fact]
    public void The_com_binlog_dump_packet_names_file_position_and_asks_for_annotations_on_mariadb()
    {
        using var writer = new MySqlPayloadWriter();

        MariaDbBinlogDialect.Instance.WriteDumpCommand(
            writer, new BinlogClientOptions { ServerId = 7, Start = BinlogStart.FromPosition("mariadb-bin.000002", 1234) });

        Assert.Equal("12" + "D2040000" + "0200" + "07000000" + Convert.ToHexString("mariadb-bin.000002"u8), Convert.ToHexString(writer.Payload));
    }

    [Fact]
    public void The_mariadb_session_names_the_gtid_start_and_heartbeat_in_nanoseconds()
    {
        var statements = MariaDbBinlogDialect.Instance.SessionStatements(
            new BinlogClientOptions
            {
                ServerId = 7,
                Start = BinlogStart.FromMariaDbGtids(MariaDbGtidPosition.Parse("0-1-100,2-5-7")),
                HeartbeatPeriod = TimeSpan.FromMilliseconds(1500),
            },
            "CRC32");

        Assert.Contains("SET @master_binlog_checksum = 'CRC32'", statements);
        Assert.Contains("SET @mariadb_slave_capability = 4", statements);
        Assert.Contains("SET @master_heartbeat_period = 1500000000", statements);
        Assert.Contains("SET @slave_connect_state = '0-1-100,2-5-7'", statements);
    }

    [Fact]
    public void A_mariadb_gtid_position_keeps_one_gtid_per_domain()
    {
        var position = MariaDbGtidPosition.Parse("1-2-5, 0-1-100");

        var next = position.With(new MariaDbGtid(0, 3, 101)).With(new MariaDbGtid(4, 1, 1));

        Assert.Equal("0-1-100,1-2-5", position.ToString());
        Assert.Equal("0-3-101,1-2-5,4-1-1", next.ToString());
    }

    [Theory]
    [InlineData("0-1")]
    [InlineData("a-1-2")]
    [InlineData("0-1-")]
    public void A_malformed_mariadb_gtid_is_rejected(string text) =>
        Assert.Throws<FormatException>(() => MariaDbGtidPosition.Parse(text));
}
