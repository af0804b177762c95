using Godwit.MySql.Binlog.Gtids;

namespace Godwit.MySql.Binlog;

/// <summary>Where a binlog stream starts: a file position, a MariaDB GTID position or a MySQL GTID set.</summary>
public sealed class BinlogStart
{
    private BinlogStart(BinlogPosition? position, MariaDbGtidPosition? mariaDbGtids, MySqlGtidSet? mySqlGtids)
    {
        Position = position;
        MariaDbGtids = mariaDbGtids;
        MySqlGtids = mySqlGtids;
    }

    public BinlogPosition? Position { get; }

    /// <summary>MariaDB: stream the transactions after these GTIDs (@slave_connect_state).</summary>
    public MariaDbGtidPosition? MariaDbGtids { get; }

    /// <summary>MySQL: stream every transaction not in this set (COM_BINLOG_DUMP_GTID).</summary>
    public MySqlGtidSet? MySqlGtids { get; }

    public static BinlogStart FromPosition(BinlogPosition position) =>
        new(position ?? throw new ArgumentNullException(nameof(position)), null, null);

    public static BinlogStart FromPosition(string fileName, long position) => FromPosition(new BinlogPosition(fileName, position));

    public static BinlogStart FromMariaDbGtids(MariaDbGtidPosition gtids) =>
        new(null, gtids ?? throw new ArgumentNullException(nameof(gtids)), null);

    public static BinlogStart FromMySqlGtidSet(MySqlGtidSet gtids) =>
        new(null, null, gtids ?? throw new ArgumentNullException(nameof(gtids)));

    public override string ToString() =>
        Position?.ToString() ?? (MariaDbGtids is { } maria ? $"GTID {maria}" : $"GTID set {MySqlGtids}");
}
