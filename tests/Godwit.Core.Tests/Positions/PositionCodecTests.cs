using Godwit.Core.Positions;

namespace Godwit.Core.Tests.Positions;

public sealed class PositionCodecTests
{
    private static readonly MySqlPositionCodec MySql = MySqlPositionCodec.Instance;
    private static readonly PgLsnCodec Pg = PgLsnCodec.Instance;

    [Theory]
    [InlineData("mysql-bin.000009:500", "mysql-bin.000010:4", -1)]
    [InlineData("mysql-bin.999999:4", "mysql-bin.1000000:4", -1)]
    [InlineData("mysql-bin.000010:4", "mysql-bin.000010:4", 0)]
    [InlineData("mysql-bin.000010:1337", "mysql-bin.000010:4", 1)]
    public void Binlog_coordinates_order_by_file_sequence_then_offset(string a, string b, int expected)
    {
        Assert.True(MySql.TryParse(a, out var x, out _));
        Assert.True(MySql.TryParse(b, out var y, out _));

        Assert.Equal(expected, Math.Sign(MySql.Compare(x, y)!.Value));
    }

    [Theory]
    [InlineData("mysql-bin.000042", "is not FILE:POS")]
    [InlineData("mysql-bin.000042:x", "is not FILE:POS")]
    [InlineData("mysql-bin.000042:3", "positions start at 4")]
    public void Text_that_is_not_a_binlog_position_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(MySql.TryParse(text, out _, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0-1-100,1-2-7")]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7")]
    public void A_resume_point_keeps_its_gtids_apart_from_its_coordinates(string gtids)
    {
        var point = MySqlPositionCodec.Checkpoint("mysql-bin.000010", 1337, gtids);
        Assert.True(MySql.TryParse("mysql-bin.000010:4", out var earlier, out _));

        Assert.Equal(("mysql-bin.000010", 1337L, gtids), MySqlPositionCodec.Parts(point));
        Assert.Equal("mysql-bin.000010:1337", MySql.Format(point));
        Assert.Equal(1, MySql.Compare(point, earlier));
        Assert.Equal(1333, MySql.Distance(earlier, point));
    }

    [Fact]
    public void What_a_source_reports_becomes_a_position_or_nothing_and_is_described_with_its_gtids()
    {
        Assert.Null(MySqlPositionCodec.Of(null, null, null));
        Assert.Equal(MySqlPositionCodec.Gtids("0-1-7"), MySqlPositionCodec.Of(null, null, "0-1-7"));
        var point = MySqlPositionCodec.Of("bin.000002", 900, "0-1-7")!;

        Assert.Equal("bin.000002:900 (GTID 0-1-7)", MySql.Describe(point));
        Assert.Equal("bin.000002:900", MySql.Format(point));
    }

    [Fact]
    public void A_resume_point_without_gtids_is_plain_coordinates()
    {
        Assert.Equal(MySqlPositionCodec.Coordinates("mysql-bin.000001", 4), MySqlPositionCodec.Checkpoint("mysql-bin.000001", 4, null));
        Assert.Equal((null, null, "0-1-5"), MySqlPositionCodec.Parts(MySqlPositionCodec.Gtids("0-1-5")));
    }

    [Fact]
    public void A_binlog_position_formats_as_it_is_written_and_parses_back()
    {
        var position = MySqlPositionCodec.Coordinates("mariadb-bin.000007", 4242);

        Assert.True(MySql.TryParse(MySql.Format(position), out var back, out _));
        Assert.Equal(position, back);
        Assert.Equal(MySqlPositionCodec.EngineName, position.Engine);
    }

    [Fact]
    public void Distance_is_bytes_within_a_file_and_unknown_across_files_or_for_gtids()
    {
        Assert.Equal(1333, MySql.Distance(MySqlPositionCodec.Coordinates("b.000001", 4), MySqlPositionCodec.Coordinates("b.000001", 1337)));
        Assert.Null(MySql.Distance(MySqlPositionCodec.Coordinates("b.000001", 4), MySqlPositionCodec.Coordinates("b.000002", 4)));
        Assert.Null(MySql.Compare(MySqlPositionCodec.Gtids("0-1-100"), MySqlPositionCodec.Coordinates("b.000001", 4)));
    }

    [Theory]
    [InlineData("0-1-100", false)]
    [InlineData("0-1-100,1-2-7", false)]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", true)]
    public void Gtid_text_is_told_mysql_or_mariadb_by_its_syntax(string gtids, bool mySql) =>
        Assert.Equal(mySql, MySqlPositionCodec.IsMySqlGtidSet(gtids));

    [Theory]
    [InlineData("0/16B3748", "0/16B3750", -1)]
    [InlineData("16/B374D848", "17/0", -1)]
    [InlineData("1/0", "0/FFFFFFFF", 1)]
    public void Wal_locations_order_as_64_bit_numbers(string a, string b, int expected)
    {
        Assert.True(Pg.TryParse(a, out var x, out _));
        Assert.True(Pg.TryParse(b, out var y, out _));

        Assert.Equal(expected, Math.Sign(Pg.Compare(x, y)!.Value));
    }

    [Fact]
    public void Wal_distance_is_bytes_and_formatting_round_trips()
    {
        Assert.True(Pg.TryParse("16/B374D848", out var from, out _));
        var to = PgLsnCodec.FromLsn(PgLsnCodec.LsnOf("16/B374D848")!.Value + 4096);

        Assert.Equal(4096, Pg.Distance(from, to));
        Assert.Equal("16/B374E848", Pg.Format(to));
        Assert.False(Pg.TryParse("16-B374", out _, out var why));
        Assert.Contains("WAL location", why, StringComparison.Ordinal);
    }
}
