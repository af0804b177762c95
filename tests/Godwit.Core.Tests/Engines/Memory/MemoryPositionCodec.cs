using System.Globalization;
using Godwit.Core.Positions;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>The test double's positions: a sequence number per event, written as it is.</summary>
internal sealed class MemoryPositionCodec : IStreamPositionCodec
{
    public static MemoryPositionCodec Instance { get; } = new();

    public string Engine => "memory";

    public static StreamPosition At(long sequence) => new("memory", sequence.ToString(CultureInfo.InvariantCulture));

    public static long Sequence(StreamPosition position) => long.Parse(position.Token, CultureInfo.InvariantCulture);

    public bool TryParse(string text, out StreamPosition position, out string reason)
    {
        position = At(long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
        reason = n > 0 ? string.Empty : "not a sequence number";
        return n > 0;
    }

    public string Format(StreamPosition position) => $"#{position.Token}";

    public string Describe(StreamPosition position) => Format(position);

    public int? Compare(StreamPosition a, StreamPosition b) => Sequence(a).CompareTo(Sequence(b));

    public long? Distance(StreamPosition from, StreamPosition to) => Sequence(to) - Sequence(from);
}
