namespace Godwit.MySql.Binlog.Events;

/// <summary>
/// MySQL GTID_LOG_EVENT (33) or ANONYMOUS_GTID_LOG_EVENT (34): starts a transaction; carries its
/// source UUID and transaction number, and (5.7+) the logical clock used for parallel apply.
/// </summary>
public sealed class MySqlGtidEvent : BinlogEvent
{
    internal MySqlGtidEvent(
        BinlogEventHeader header, byte flags, Guid sourceId, long transactionNumber,
        long? lastCommitted, long? sequenceNumber, DateTimeOffset? immediateCommitTime, DateTimeOffset? originalCommitTime)
        : base(header)
    {
        Flags = flags;
        SourceId = sourceId;
        TransactionNumber = transactionNumber;
        LastCommitted = lastCommitted;
        SequenceNumber = sequenceNumber;
        ImmediateCommitTime = immediateCommitTime;
        OriginalCommitTime = originalCommitTime;
    }

    /// <summary>Bit 0: the transaction may have changed non-transactional tables.</summary>
    public byte Flags { get; }

    public Guid SourceId { get; }

    public long TransactionNumber { get; }

    public bool IsAnonymous => Header.Type == BinlogEventType.MySqlAnonymousGtid;

    public long? LastCommitted { get; }

    public long? SequenceNumber { get; }

    /// <summary>When the transaction committed on the immediate source (MySQL 8.0.1+), microsecond precision.</summary>
    public DateTimeOffset? ImmediateCommitTime { get; }

    /// <summary>When it committed on the original source (equal to the immediate time unless replicated).</summary>
    public DateTimeOffset? OriginalCommitTime { get; }

    public override string ToString() => $"{SourceId:D}:{TransactionNumber}";
}
