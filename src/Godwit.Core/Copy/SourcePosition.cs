using System.Globalization;

namespace Godwit.Core.Copy;

/// <summary>
/// A point in the source's binary log: file and byte offset, plus the GTID set at that point
/// (MariaDB <c>@@gtid_binlog_pos</c>, MySQL <c>@@gtid_executed</c>). CDC starts reading here.
/// </summary>
public sealed record SourcePosition(string? File, long? Position, string? Gtid)
{
    public static SourcePosition None { get; } = new(null, null, null);

    /// <summary>Orders two positions in the same server's binlog by file name, then offset.</summary>
    public static int Compare(SourcePosition a, SourcePosition b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byFile = Nullable.Compare(Sequence(a.File), Sequence(b.File));
        if (byFile == 0)
        {
            byFile = string.CompareOrdinal(a.File, b.File);
        }

        return byFile != 0 ? byFile : Nullable.Compare(a.Position, b.Position);
    }

    /// <summary>The numeric extension of a binlog file name (<c>mysql-bin.000012</c> → 12), which keeps growing past 999999.</summary>
    private static long? Sequence(string? file)
    {
        var dot = file?.LastIndexOf('.') ?? -1;
        return dot >= 0 && long.TryParse(file.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public override string ToString() =>
        File is null ? (Gtid is null ? "(no binlog position)" : $"gtid {Gtid}")
        : string.Create(CultureInfo.InvariantCulture, $"{File}:{Position}") + (string.IsNullOrEmpty(Gtid) ? string.Empty : $" gtid {Gtid}");
}
