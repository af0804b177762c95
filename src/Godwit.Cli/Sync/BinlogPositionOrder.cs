using System.Globalization;
using Godwit.MySql.Binlog;

namespace Godwit.Cli.Sync;

/// <summary>Orders binlog positions: by the file's sequence number (<c>mysql-bin.000012</c>), then the offset.</summary>
internal static class BinlogPositionOrder
{
    public static int Compare(BinlogPosition a, BinlogPosition b)
    {
        var file = Sequence(a.FileName).CompareTo(Sequence(b.FileName));
        return file != 0 ? file : a.Position.CompareTo(b.Position);
    }

    /// <summary>Bytes from <paramref name="from"/> to <paramref name="to"/> when both are in the same file; otherwise null (unknown without SHOW BINARY LOGS).</summary>
    public static long? BytesBetween(BinlogPosition from, BinlogPosition to) =>
        from.FileName == to.FileName ? Math.Max(0, to.Position - from.Position) : null;

    private static long Sequence(string file)
    {
        var dot = file.LastIndexOf('.');
        return dot >= 0 && long.TryParse(file.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
