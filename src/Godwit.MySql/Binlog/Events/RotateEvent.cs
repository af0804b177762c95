namespace Godwit.MySql.Binlog.Events;

/// <summary>ROTATE_EVENT: the stream continues in <see cref="NextFile"/> at <see cref="NextPosition"/>.</summary>
public sealed class RotateEvent : BinlogEvent
{
    internal RotateEvent(BinlogEventHeader header, string nextFile, long nextPosition)
        : base(header)
    {
        NextFile = nextFile;
        NextPosition = nextPosition;
    }

    public string NextFile { get; }

    public long NextPosition { get; }
}
