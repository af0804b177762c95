using System.Globalization;

namespace Godwit.Core.Positions;

/// <summary>
/// PostgreSQL positions: WAL locations written <c>16/B374D848</c> (the high and low 32 bits in hexadecimal, as
/// <c>pg_current_wal_lsn()</c> prints them). Totally ordered; the distance is bytes of WAL.
/// </summary>
public sealed class PgLsnCodec : IStreamPositionCodec
{
    public const string EngineName = "postgresql";

    public static PgLsnCodec Instance { get; } = new();

    public string Engine => EngineName;

    public static StreamPosition FromLsn(ulong lsn) =>
        new(EngineName, string.Create(CultureInfo.InvariantCulture, $"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"));

    /// <summary>The 64-bit WAL location of <c>X/Y</c> text; null when it is not one.</summary>
    public static ulong? LsnOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && uint.TryParse(text.AsSpan(0, slash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            && uint.TryParse(text.AsSpan(slash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low)
            ? ((ulong)high << 32) | low
            : null;
    }

    public bool TryParse(string text, out StreamPosition position, out string reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (LsnOf(text) is { } lsn)
        {
            position = FromLsn(lsn);
            reason = string.Empty;
            return true;
        }

        position = new StreamPosition(EngineName, string.Empty);
        reason = $"'{text}' is not a WAL location X/Y (e.g. 16/B374D848)";
        return false;
    }

    public string Format(StreamPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return position.Token;
    }

    public string Describe(StreamPosition position) => Format(position);

    public int? Compare(StreamPosition a, StreamPosition b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return LsnOf(a.Token) is { } x && LsnOf(b.Token) is { } y ? x.CompareTo(y) : null;
    }

    public long? Distance(StreamPosition from, StreamPosition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return LsnOf(from.Token) is { } x && LsnOf(to.Token) is { } y ? (long)(y > x ? y - x : 0) : null;
    }
}
