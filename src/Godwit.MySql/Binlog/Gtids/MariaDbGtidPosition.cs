namespace Godwit.MySql.Binlog.Gtids;

/// <summary>
/// A MariaDB replication position: the last GTID applied in each replication domain, the format of
/// @@gtid_binlog_pos and @slave_connect_state ("0-1-100,1-2-7"). Immutable.
/// </summary>
public sealed class MariaDbGtidPosition
{
    private readonly MariaDbGtid[] _gtids;

    public MariaDbGtidPosition(IEnumerable<MariaDbGtid> gtids)
    {
        ArgumentNullException.ThrowIfNull(gtids);
        var byDomain = new SortedDictionary<uint, MariaDbGtid>();
        foreach (var gtid in gtids)
        {
            byDomain[gtid.DomainId] = gtid;
        }

        _gtids = [.. byDomain.Values];
    }

    public static MariaDbGtidPosition Empty { get; } = new([]);

    /// <summary>One GTID per domain, ordered by domain.</summary>
    public IReadOnlyList<MariaDbGtid> Gtids => _gtids;

    public static MariaDbGtidPosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var gtids = new List<MariaDbGtid>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            gtids.Add(MariaDbGtid.Parse(part));
        }

        return new MariaDbGtidPosition(gtids);
    }

    /// <summary>The position after <paramref name="gtid"/> committed: it replaces its domain's entry.</summary>
    public MariaDbGtidPosition With(MariaDbGtid gtid) => new(_gtids.Append(gtid));

    public override string ToString() => string.Join(',', _gtids);
}
