namespace Godwit.Core.Positions;

/// <summary>The codec of each engine, by the engine name a <see cref="StreamPosition"/> carries.</summary>
public static class StreamPositionCodecs
{
    /// <summary>The codec that reads positions of <paramref name="engine"/>.</summary>
    /// <exception cref="ArgumentException">No codec knows that engine.</exception>
    public static IStreamPositionCodec For(string engine) => engine switch
    {
        MySqlPositionCodec.EngineName => MySqlPositionCodec.Instance,
        PgLsnCodec.EngineName => PgLsnCodec.Instance,
        _ => throw new ArgumentException($"no position codec for engine '{engine}'", nameof(engine)),
    };

    /// <summary>A position as the operator writes it (<c>mysql-bin.000042:1337</c>, <c>16/B374D848</c>).</summary>
    public static string Format(StreamPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return For(position.Engine).Format(position);
    }
}
