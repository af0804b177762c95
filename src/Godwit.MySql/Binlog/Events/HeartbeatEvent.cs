namespace Godwit.MySql.Binlog.Events;

/// <summary>
/// HEARTBEAT_LOG_EVENT (27, or MySQL's v2, 41): sent by an idle source every heartbeat period. It
/// is never in a binlog file; its header's next position is where the source is now, so an idle
/// stream still proves it is caught up. <see cref="ReceivedAt"/> feeds lag measurement.
/// </summary>
public sealed class HeartbeatEvent : BinlogEvent
{
    internal HeartbeatEvent(BinlogEventHeader header, string fileName, long sourcePosition, DateTimeOffset receivedAt)
        : base(header)
    {
        FileName = fileName;
        SourcePosition = sourcePosition;
        ReceivedAt = receivedAt;
    }

    /// <summary>The binlog file the source is currently sending.</summary>
    public string FileName { get; }

    /// <summary>The source's current position in <see cref="FileName"/>.</summary>
    public long SourcePosition { get; }

    /// <summary>When this client received the heartbeat (UTC).</summary>
    public DateTimeOffset ReceivedAt { get; }
}
