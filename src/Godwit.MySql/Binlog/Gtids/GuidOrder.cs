namespace Godwit.MySql.Binlog.Gtids;

/// <summary>Orders UUIDs by their text form, as MySQL prints GTID sets.</summary>
internal sealed class GuidOrder : IComparer<Guid>
{
    public static GuidOrder Instance { get; } = new();

    public int Compare(Guid x, Guid y) => string.CompareOrdinal(x.ToString("D"), y.ToString("D"));
}
