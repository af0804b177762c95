using System.Globalization;

namespace Godwit.Core.Copy;

/// <summary>
/// A point in the source's binary log: file and byte offset, plus the GTID set at that point
/// (MariaDB <c>@@gtid_binlog_pos</c>, MySQL <c>@@gtid_executed</c>). CDC starts reading here.
/// </summary>
public sealed record SourcePosition(string? File, long? Position, string? Gtid)
{
    public static SourcePosition None { get; } = new(null, null, null);

    /// <summary>Orders two positions in the same server's binlog by file sequence, then offset (<see cref="Positions.MySqlPositionCodec"/>); no file sorts first.</summary>
    public static int Compare(SourcePosition a, SourcePosition b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.File is null || b.File is null)
        {
            return a.File is null ? (b.File is null ? Nullable.Compare(a.Position, b.Position) : -1) : 1;
        }

        return Positions.MySqlPositionCodec.CompareCoordinates(a.File, a.Position ?? 0, b.File, b.Position ?? 0);
    }

    public override string ToString() =>
        File is null ? (Gtid is null ? "(no binlog position)" : $"gtid {Gtid}")
        : string.Create(CultureInfo.InvariantCulture, $"{File}:{Position}") + (string.IsNullOrEmpty(Gtid) ? string.Empty : $" gtid {Gtid}");
}
