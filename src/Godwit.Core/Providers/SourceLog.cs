using Godwit.Core.Positions;

namespace Godwit.Core.Providers;

/// <summary>A source's log as <c>godwit status</c> reads it: the head, and the bytes from a position to it.</summary>
public abstract class SourceLog
{
    /// <summary>Where the next change will be written.</summary>
    public abstract StreamPosition Head { get; }

    /// <summary>Bytes of log between <paramref name="applied"/> and the head; null when the log no longer says (a purged file).</summary>
    public abstract long? BytesAfter(StreamPosition applied);

    /// <summary>What Godwit's streams hold on this source (<see cref="SourceReader"/>); empty for a source that keeps nothing per reader (MySQL).</summary>
    public virtual IReadOnlyList<SourceReader> Readers => [];

    /// <summary>The reader of the stream <paramref name="streamKey"/> (<see cref="StreamKeys"/>), or null.</summary>
    public virtual SourceReader? ReaderOf(string streamKey) => null;
}
