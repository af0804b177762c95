namespace Godwit.Core.Positions;

/// <summary>
/// A point in a source's change stream that any engine can carry: the engine that made it and a token only that
/// engine's <see cref="IStreamPositionCodec"/> reads (binlog coordinates, a GTID set, a PostgreSQL LSN). Engines
/// and stores pass it through; ordering, formatting and distances go through the codec.
/// </summary>
/// <param name="Engine">The codec's <see cref="IStreamPositionCodec.Engine"/>.</param>
/// <param name="Token">The engine's own text for the position.</param>
public sealed record StreamPosition(string Engine, string Token)
{
    public override string ToString() => $"{Engine}:{Token}";
}
