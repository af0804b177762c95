using Godwit.Core.Positions;

namespace Godwit.Core.Providers.Changes;

/// <summary>The source is alive and idle: its log's head, and the resume point there if the stream is between transactions.</summary>
public sealed class ChangeHeartbeat : ChangeEvent
{
    /// <param name="head">The source's log head as the heartbeat gives it.</param>
    /// <param name="resumePoint">The head as a resume point (with the source's transaction state, such as GTIDs, as of the last transaction).</param>
    public ChangeHeartbeat(StreamPosition head, StreamPosition resumePoint)
    {
        Head = head ?? throw new ArgumentNullException(nameof(head));
        ResumePoint = resumePoint ?? throw new ArgumentNullException(nameof(resumePoint));
    }

    public StreamPosition Head { get; }

    public StreamPosition ResumePoint { get; }
}
