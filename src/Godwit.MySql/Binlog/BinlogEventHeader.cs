namespace Godwit.MySql.Binlog;

/// <summary>
/// The common header every binlog event (version 4) starts with: 19 bytes, little-endian
/// (MySQL internals, "Binlog Event Header").
/// </summary>
/// <param name="Timestamp">Seconds since the epoch when the statement began on the source (0 for artificial events).</param>
/// <param name="Type">The event type.</param>
/// <param name="ServerId">The server that originally wrote the event.</param>
/// <param name="EventLength">Header, body and checksum together.</param>
/// <param name="NextPosition">Where the next event starts in the binlog file; 0 for artificial events.</param>
/// <param name="Flags">LOG_EVENT_*_F flags.</param>
public readonly record struct BinlogEventHeader(
    uint Timestamp, BinlogEventType Type, uint ServerId, uint EventLength, uint NextPosition, ushort Flags)
{
    public const int Size = 19;

    /// <summary>LOG_EVENT_ARTIFICIAL_F: made up by the sender (e.g. the fake ROTATE at the start of a dump), not read from a file.</summary>
    public const ushort ArtificialFlag = 0x20;

    public bool IsArtificial => (Flags & ArtificialFlag) != 0 || NextPosition == 0;

    /// <summary>The statement's start time on the source, for lag measurement.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Timestamp);
}
