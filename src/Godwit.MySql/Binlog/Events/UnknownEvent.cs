namespace Godwit.MySql.Binlog.Events;

/// <summary>
/// An event this client does not decode (INTVAR, RAND, USER_VAR, INCIDENT, …, or a type newer than
/// the client). It is skipped by the length in its header, never parsed; only its header is kept.
/// </summary>
public sealed class UnknownEvent : BinlogEvent
{
    internal UnknownEvent(BinlogEventHeader header)
        : base(header)
    {
    }
}
