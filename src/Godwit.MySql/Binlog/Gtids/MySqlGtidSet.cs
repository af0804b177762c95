using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Gtids;

/// <summary>
/// A MySQL GTID set ("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7,…"): per source UUID, sorted
/// disjoint intervals of transaction numbers. Mutable, so the client can add each committed GTID
/// without rebuilding it. Tagged GTIDs (MySQL 8.3+) are not supported.
/// </summary>
public sealed class MySqlGtidSet
{
    private readonly SortedDictionary<Guid, List<(long Start, long End)>> _intervals = new(GuidOrder.Instance);

    public bool IsEmpty => _intervals.Count == 0;

    public static MySqlGtidSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var set = new MySqlGtidSet();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length < 2 || !Guid.TryParse(pieces[0], out var sid))
            {
                throw new FormatException($"'{part}' is not a MySQL GTID set element (uuid:interval[:interval…]).");
            }

            foreach (var interval in pieces.Skip(1))
            {
                var dash = interval.IndexOf('-', StringComparison.Ordinal);
                var start = ParseNumber(dash < 0 ? interval : interval[..dash], part);
                var end = dash < 0 ? start : ParseNumber(interval[(dash + 1)..], part);
                if (start < 1 || end < start)
                {
                    throw new FormatException($"'{part}' has an invalid interval '{interval}'.");
                }

                set.AddInterval(sid, start, end + 1);
            }
        }

        return set;
    }

    /// <summary>Adds one transaction (source UUID, transaction number).</summary>
    public void Add(Guid sourceId, long transactionNumber) => AddInterval(sourceId, transactionNumber, transactionNumber + 1);

    /// <summary>Adds [start, end) — end exclusive, as in the binary encoding.</summary>
    public void AddInterval(Guid sourceId, long start, long end)
    {
        if (!_intervals.TryGetValue(sourceId, out var list))
        {
            list = [];
            _intervals[sourceId] = list;
        }

        list.Add((start, end));
        list.Sort();
        var merged = new List<(long Start, long End)>(list.Count);
        foreach (var interval in list)
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, interval.End));
            }
            else
            {
                merged.Add(interval);
            }
        }

        list.Clear();
        list.AddRange(merged);
    }

    /// <summary>
    /// The binary form sent in COM_BINLOG_DUMP_GTID and stored in PREVIOUS_GTIDS: n_sids&lt;8&gt;, then per
    /// source the 16 UUID bytes in text order, n_intervals&lt;8&gt; and [start, end) pairs of int&lt;8&gt;.
    /// </summary>
    public byte[] Encode()
    {
        var size = 8 + _intervals.Sum(pair => 16 + 8 + (pair.Value.Count * 16));
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)_intervals.Count);
        var offset = 8;
        foreach (var (sid, list) in _intervals)
        {
            sid.TryWriteBytes(span.Slice(offset, 16), bigEndian: true, out _);
            offset += 16;
            BinaryPrimitives.WriteUInt64LittleEndian(span[offset..], (ulong)list.Count);
            offset += 8;
            foreach (var (start, end) in list)
            {
                BinaryPrimitives.WriteInt64LittleEndian(span[offset..], start);
                BinaryPrimitives.WriteInt64LittleEndian(span[(offset + 8)..], end);
                offset += 16;
            }
        }

        return bytes;
    }

    /// <summary>Reads the binary form (see <see cref="Encode"/>).</summary>
    internal static MySqlGtidSet Decode(ref MySqlPayloadReader reader)
    {
        var set = new MySqlGtidSet();
        var sids = reader.ReadUInt64();
        for (ulong i = 0; i < sids; i++)
        {
            var sid = new Guid(reader.ReadBytes(16), bigEndian: true);
            var count = reader.ReadUInt64();
            for (ulong j = 0; j < count; j++)
            {
                var start = (long)reader.ReadUInt64();
                var end = (long)reader.ReadUInt64();
                set.AddInterval(sid, start, end);
            }
        }

        return set;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (sid, list) in _intervals)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(sid.ToString("D", CultureInfo.InvariantCulture));
            foreach (var (start, end) in list)
            {
                text.Append(CultureInfo.InvariantCulture, $":{start}");
                if (end - 1 > start)
                {
                    text.Append(CultureInfo.InvariantCulture, $"-{end - 1}");
                }
            }
        }

        return text.ToString();
    }

    private static long ParseNumber(string text, string part) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{part}' has an invalid transaction number '{text}'.");
}
