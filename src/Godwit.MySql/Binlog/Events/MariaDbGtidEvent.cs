using Godwit.MySql.Binlog.Gtids;

namespace Godwit.MySql.Binlog.Events;

/// <summary>MariaDB GTID_EVENT (162): starts an event group (a transaction, or one standalone DDL statement).</summary>
public sealed class MariaDbGtidEvent : BinlogEvent
{
    /// <summary>FL_STANDALONE: the group is a single statement without BEGIN/COMMIT (DDL).</summary>
    public const byte StandaloneFlag = 0x01;

    /// <summary>FL_GROUP_COMMIT_ID: an 8-byte commit id follows the flags.</summary>
    public const byte GroupCommitIdFlag = 0x02;

    /// <summary>FL_DDL: the group is DDL.</summary>
    public const byte DdlFlag = 0x20;

    internal MariaDbGtidEvent(BinlogEventHeader header, MariaDbGtid gtid, byte flags, ulong? commitId)
        : base(header)
    {
        Gtid = gtid;
        Flags = flags;
        CommitId = commitId;
    }

    public MariaDbGtid Gtid { get; }

    public byte Flags { get; }

    public ulong? CommitId { get; }

    public bool IsStandalone => (Flags & StandaloneFlag) != 0;

    public bool IsDdl => (Flags & DdlFlag) != 0;
}
