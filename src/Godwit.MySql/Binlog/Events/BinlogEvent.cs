namespace Godwit.MySql.Binlog.Events;

/// <summary>
/// One event of the binlog stream. Subclasses carry the decoded body; events the client does not
/// decode arrive as <see cref="UnknownEvent"/>. An event and any spans it exposes are valid until
/// the next read from the stream.
/// </summary>
public abstract class BinlogEvent
{
    protected BinlogEvent(BinlogEventHeader header) => Header = header;

    public BinlogEventHeader Header { get; }

    /// <summary>
    /// Where the stream continues after this event (file and the header's next position). Resume
    /// from the position after a transaction's last event (see <see cref="BinlogClient.Checkpoint"/>).
    /// Set by the client; null for artificial events, which are not in any file.
    /// </summary>
    public BinlogPosition? Position { get; internal set; }

    /// <summary>True for the event that commits a transaction (XID, a COMMIT query, or a DDL statement).</summary>
    public bool EndsTransaction { get; internal set; }
}
