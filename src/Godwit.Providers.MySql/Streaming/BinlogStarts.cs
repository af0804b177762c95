using Godwit.Core.Positions;
using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Gtids;

namespace Godwit.Providers.MySql.Streaming;

/// <summary>Where a binlog dump starts, from a stream position's parts.</summary>
public static class BinlogStarts
{
    /// <summary>A MariaDB GTID position or a MySQL GTID set, told apart in one place (<see cref="MySqlPositionCodec.IsMySqlGtidSet"/>).</summary>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static BinlogStart FromGtids(string gtids) =>
        MySqlPositionCodec.IsMySqlGtidSet(gtids)
            ? BinlogStart.FromMySqlGtidSet(MySqlGtidSet.Parse(gtids))
            : BinlogStart.FromMariaDbGtids(MariaDbGtidPosition.Parse(gtids));
}
