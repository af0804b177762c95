namespace Godwit.Core.Positions;

/// <summary>What one engine knows about its stream positions: how operators write them, their order and distance.</summary>
public interface IStreamPositionCodec
{
    /// <summary>The engine name positions of this codec carry (<see cref="StreamPosition.Engine"/>).</summary>
    string Engine { get; }

    /// <summary>Reads a position as an operator writes it (<c>--from</c>); false with a reason when it is not one.</summary>
    bool TryParse(string text, out StreamPosition position, out string reason);

    /// <summary>The position as an operator writes it (what <see cref="TryParse"/> reads back).</summary>
    string Format(StreamPosition position);

    /// <summary>The position for people: <see cref="Format"/> and whatever else it carries (GTIDs).</summary>
    string Describe(StreamPosition position);

    /// <summary>Orders two positions of one source; null when they cannot be ordered (two GTID sets, say).</summary>
    int? Compare(StreamPosition a, StreamPosition b);

    /// <summary>How far <paramref name="to"/> is past <paramref name="from"/> in bytes of the source's log; null when unknown.</summary>
    long? Distance(StreamPosition from, StreamPosition to);
}
