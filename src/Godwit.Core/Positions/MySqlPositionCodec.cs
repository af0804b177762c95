using System.Globalization;

namespace Godwit.Core.Positions;

/// <summary>
/// MySQL and MariaDB positions: binlog coordinates (<c>mysql-bin.000042:1337</c>) and GTIDs. Coordinates order by
/// the file's sequence number (which keeps growing past 999999, so never by name), then the offset; GTID sets have no
/// total order. The one place that tells MariaDB's GTID positions (<c>0-1-100</c>) from MySQL's GTID sets
/// (<c>uuid:1-5</c>).
/// </summary>
public sealed class MySqlPositionCodec : IStreamPositionCodec
{
    public const string EngineName = "mysql";

    /// <summary>The smallest event offset in a binlog file (after its 4-byte magic number).</summary>
    public const long FirstEventOffset = 4;

    private const string GtidPrefix = "gtid:";

    /// <summary>Separates the coordinates from the GTID state in a resume point (neither a binlog file name nor a GTID set contains it).</summary>
    private const char StateSeparator = '|';

    public static MySqlPositionCodec Instance { get; } = new();

    public string Engine => EngineName;

    /// <summary>Binlog coordinates as a position.</summary>
    public static StreamPosition Coordinates(string file, long offset) =>
        new(EngineName, string.Create(CultureInfo.InvariantCulture, $"{file}:{offset}"));

    /// <summary>A GTID position (MariaDB) or GTID set (MySQL) as a position.</summary>
    public static StreamPosition Gtids(string gtids) => new(EngineName, GtidPrefix + gtids);

    /// <summary>
    /// A resume point: the coordinates after the last transaction and, when the source keeps them, its GTID state
    /// there. Ordered by the coordinates; a stream restarts from the coordinates, the GTIDs go into the state store.
    /// </summary>
    public static StreamPosition Checkpoint(string file, long offset, string? gtids) =>
        string.IsNullOrEmpty(gtids)
            ? Coordinates(file, offset)
            : new(EngineName, string.Create(CultureInfo.InvariantCulture, $"{file}:{offset}{StateSeparator}{GtidPrefix}{gtids}"));

    /// <summary>Whatever the source said: coordinates with GTIDs, coordinates alone, GTIDs alone, or nothing (null: no binary log).</summary>
    public static StreamPosition? Of(string? file, long? offset, string? gtids) =>
        file is not null ? Checkpoint(file, offset ?? FirstEventOffset, gtids)
        : !string.IsNullOrEmpty(gtids) ? Gtids(gtids)
        : null;

    /// <summary>The parts of a position of this codec: coordinates, GTIDs, or both (a <see cref="Checkpoint"/>).</summary>
    public static (string? File, long? Offset, string? Gtids) Parts(StreamPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        var token = position.Token;
        var separator = token.IndexOf(StateSeparator, StringComparison.Ordinal);
        var coordinates = separator < 0 ? token : token[..separator];
        var gtids = separator >= 0 ? token[(separator + 1)..] : coordinates.StartsWith(GtidPrefix, StringComparison.Ordinal) ? coordinates : null;
        var at = CoordinatesOf(coordinates);
        return (at?.File, at?.Offset, gtids is null ? null : gtids[GtidPrefix.Length..]);
    }

    /// <summary>Whether GTID text is MySQL's (<c>source_uuid:interval</c>) rather than MariaDB's (<c>domain-server-sequence</c>).</summary>
    public static bool IsMySqlGtidSet(string gtids)
    {
        ArgumentNullException.ThrowIfNull(gtids);
        return gtids.Contains(':', StringComparison.Ordinal);
    }

    /// <summary>The file and offset of binlog coordinates; null for a GTID position or text that is not <c>FILE:POS</c>.</summary>
    public static (string File, long Offset)? CoordinatesOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.StartsWith(GtidPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        if (token.IndexOf(StateSeparator, StringComparison.Ordinal) is var separator and >= 0)
        {
            token = token[..separator];
        }

        var colon = token.LastIndexOf(':');
        return colon > 0 && long.TryParse(token.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? (token[..colon], offset)
            : null;
    }

    /// <summary>Orders binlog coordinates by file sequence, then offset.</summary>
    public static int CompareCoordinates(string fileA, long offsetA, string fileB, long offsetB)
    {
        var byFile = Sequence(fileA).CompareTo(Sequence(fileB));
        if (byFile == 0)
        {
            byFile = string.CompareOrdinal(fileA, fileB);
        }

        return byFile != 0 ? byFile : offsetA.CompareTo(offsetB);
    }

    /// <summary>Bytes between two coordinates in the same file; null across files (unknown without the file sizes).</summary>
    public static long? BytesBetween(string fromFile, long fromOffset, string toFile, long toOffset) =>
        string.Equals(fromFile, toFile, StringComparison.Ordinal) ? Math.Max(0, toOffset - fromOffset) : null;

    public bool TryParse(string text, out StreamPosition position, out string reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        position = new StreamPosition(EngineName, string.Empty);
        if (CoordinatesOf(text) is not { } c)
        {
            reason = $"'{text}' is not FILE:POS (e.g. mysql-bin.000042:1337)";
            return false;
        }

        if (c.Offset < FirstEventOffset)
        {
            reason = $"'{text}' is before the first event of its file (positions start at {FirstEventOffset})";
            return false;
        }

        position = Coordinates(c.File, c.Offset);
        reason = string.Empty;
        return true;
    }

    public string Format(StreamPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return Parts(position) switch
        {
            ({ } file, { } offset, _) => string.Create(CultureInfo.InvariantCulture, $"{file}:{offset}"),
            (_, _, { } gtids) => $"GTID {gtids}",
            _ => position.Token,
        };
    }

    public string Describe(StreamPosition position) => Parts(position) switch
    {
        ({ } file, { } offset, { } gtids) => string.Create(CultureInfo.InvariantCulture, $"{file}:{offset} (GTID {gtids})"),
        _ => Format(position),
    };

    public int? Compare(StreamPosition a, StreamPosition b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return CoordinatesOf(a.Token) is { } x && CoordinatesOf(b.Token) is { } y ? CompareCoordinates(x.File, x.Offset, y.File, y.Offset) : null;
    }

    public long? Distance(StreamPosition from, StreamPosition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return CoordinatesOf(from.Token) is { } x && CoordinatesOf(to.Token) is { } y ? BytesBetween(x.File, x.Offset, y.File, y.Offset) : null;
    }

    /// <summary>The numeric extension of a binlog file name (<c>mysql-bin.000012</c> → 12); 0 when it has none.</summary>
    private static long Sequence(string file)
    {
        var dot = file.LastIndexOf('.');
        return dot >= 0 && long.TryParse(file.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
