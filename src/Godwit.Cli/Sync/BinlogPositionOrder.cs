using Godwit.Core.Positions;
using System.Globalization;
using Godwit.MySql.Binlog;

namespace Godwit.Cli.Sync;

/// <summary>Orders binlog positions: by the file's sequence number (<c>mysql-bin.000012</c>), then the offset.</summary>
internal static class BinlogPositionOrder
{
    public static int Compare(BinlogPosition a, BinlogPosition b) =>
        MySqlPositionCodec.CompareCoordinates(a.FileName, a.Position, b.FileName, b.Position);

    /// <summary>Bytes from <paramref name="from"/> to <paramref name="to"/> when both are in the same file; otherwise null (unknown without SHOW BINARY LOGS).</summary>
    public static long? BytesBetween(BinlogPosition from, BinlogPosition to) =>
        MySqlPositionCodec.BytesBetween(from.FileName, from.Position, to.FileName, to.Position);
}
