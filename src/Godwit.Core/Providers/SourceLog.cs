using Godwit.Core.Positions;

namespace Godwit.Core.Providers;

/// <summary>A source's log as <c>godwit status</c> reads it: the head, and the bytes from a position to it.</summary>
public abstract class SourceLog
{
    /// <summary>Where the next change will be written.</summary>
    public abstract StreamPosition Head { get; }

    /// <summary>Bytes of log between <paramref name="applied"/> and the head; null when the log no longer says (a purged file).</summary>
    public abstract long? BytesAfter(StreamPosition applied);
}
