using System.Globalization;

namespace Godwit.Core.Engines.Sync;

/// <summary>
/// Nothing arrived from the source, not even the heartbeat it was asked to send: the connection is presumed dead
/// (a network partition leaves a TCP connection looking open for hours). The stream reconnects.
/// </summary>
public sealed class SourceStalledException : IOException
{
    public SourceStalledException(TimeSpan silence, TimeSpan heartbeat)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"no event and no heartbeat from the source for {silence.TotalSeconds:0} s (heartbeats are due every {heartbeat.TotalSeconds:0.#} s): the connection is presumed dead"))
    {
    }

    public SourceStalledException()
    {
    }

    public SourceStalledException(string message)
        : base(message)
    {
    }

    public SourceStalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
