using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Binlog.Gtids;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>Where transactions end, and the checkpoint kept at each end, on decoded fixture events.</summary>
public sealed class BinlogTransactionTrackerTests
{
    private const string SourceUuidHex = "3E11FA4771CA11E19E33C80AA9429562";

    [Fact]
    public void A_mysql_transaction_ends_at_its_xid_and_adds_its_gtid_to_the_set()
    {
        var decoder = Decoder();
        var tracker = new BinlogTransactionTracker(
            BinlogStart.FromMySqlGtidSet(MySqlGtidSet.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-22")), isMariaDb: false);

        var ends = Feed(decoder, tracker, "binlog.000001",
            (BinlogEventType.MySqlGtid, new BinlogBytes().U8(0).Hex(SourceUuidHex).U64(23).ToArray(), 200u),
            (BinlogEventType.Query, Query("BEGIN"), 300u),
            (BinlogEventType.Xid, new BinlogBytes().U64(5).ToArray(), 400u));

        Assert.Equal([false, false, true], ends);
        Assert.Equal(new BinlogPosition("binlog.000001", 400), tracker.Checkpoint.Position);
        Assert.Equal("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-23", tracker.Checkpoint.Gtids);
    }

    [Fact]
    public void A_mysql_ddl_statement_is_a_transaction_of_its_own()
    {
        var decoder = Decoder();
        var tracker = new BinlogTransactionTracker(BinlogStart.FromPosition("binlog.000001", 4), isMariaDb: false);

        var ends = Feed(decoder, tracker, "binlog.000001",
            (BinlogEventType.MySqlGtid, new BinlogBytes().U8(0).Hex(SourceUuidHex).U64(9).ToArray(), 200u),
            (BinlogEventType.Query, Query("ALTER TABLE t ADD c INT"), 300u));

        Assert.Equal([false, true], ends);
        Assert.Equal(300, tracker.Checkpoint.Position!.Position);
        Assert.Equal("3e11fa47-71ca-11e1-9e33-c80aa9429562:9", tracker.Checkpoint.Gtids);
    }

    [Fact]
    public void A_mariadb_non_transactional_change_ends_at_its_commit_query()
    {
        var decoder = Decoder();
        var tracker = new BinlogTransactionTracker(BinlogStart.FromMariaDbGtids(MariaDbGtidPosition.Parse("0-1-10")), isMariaDb: true);

        var ends = Feed(decoder, tracker, "mariadb-bin.000003",
            (BinlogEventType.MariaDbGtid, new BinlogBytes().U64(11).U32(0).U8(0).Hex("000000000000").ToArray(), 200u),
            (BinlogEventType.Query, Query("COMMIT"), 300u),
            (BinlogEventType.MariaDbGtid, new BinlogBytes().U64(12).U32(0).U8(MariaDbGtidEvent.StandaloneFlag).Hex("000000000000").ToArray(), 350u),
            (BinlogEventType.Query, Query("CREATE TABLE x (id INT)"), 400u));

        Assert.Equal([false, true, false, true], ends);
        Assert.Equal("0-1-12", tracker.Checkpoint.Gtids);
        Assert.Equal(new BinlogPosition("mariadb-bin.000003", 400), tracker.Checkpoint.Position);
    }

    private static byte[] Query(string sql) =>
        new BinlogBytes().U32(1).U32(0).U8(4).U16(0).U16(0).Text("shop").U8(0).Text(sql).ToArray();

    private static BinlogEventDecoder Decoder()
    {
        var decoder = new BinlogEventDecoder(BinlogChecksumAlgorithm.Crc32, verifyChecksums: true, hints: null);
        decoder.Decode(MySqlEventFixtureTests.FormatDescription(), DateTimeOffset.UtcNow);
        return decoder;
    }

    private static List<bool> Feed(
        BinlogEventDecoder decoder, BinlogTransactionTracker tracker, string file, params (BinlogEventType Type, byte[] Body, uint Next)[] events)
    {
        var ends = new List<bool>();
        foreach (var (type, body, next) in events)
        {
            var binlogEvent = decoder.Decode(BinlogBytes.Event(type, body, nextPosition: next), DateTimeOffset.UtcNow);
            binlogEvent.Position = new BinlogPosition(file, next);
            ends.Add(tracker.Observe(binlogEvent));
        }

        return ends;
    }
}
