namespace Godwit.MySql.Binlog;

/// <summary>How to register with the source and what to stream.</summary>
public sealed class BinlogClientOptions
{
    /// <summary>
    /// Our replica server id. It must differ from the source's and from every other replica's:
    /// the source drops an existing dump connection when another registers with the same id.
    /// </summary>
    public required uint ServerId { get; init; }

    public required BinlogStart Start { get; init; }

    /// <summary>How often an idle source sends a heartbeat; null leaves the server's default (none for a raw dump).</summary>
    public TimeSpan? HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Verify each event's CRC32 when the source writes checksums (binlog_checksum=CRC32).</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>End the stream (read returns null) at the current end of the binlog instead of waiting (BINLOG_DUMP_NON_BLOCK).</summary>
    public bool StopAtEnd { get; init; }

    /// <summary>MariaDB: make the source stop with an error if the GTID history has gaps (@slave_gtid_strict_mode).</summary>
    public bool GtidStrictMode { get; init; }

    /// <summary>Types the binlog cannot tell apart (MariaDB UUID/INET4/INET6); see <see cref="BinlogColumnHint"/>.</summary>
    public BinlogColumnHints? ColumnHints { get; init; }

    /// <summary>The host name shown for this replica in SHOW SLAVE HOSTS.</summary>
    public string ReportHost { get; init; } = "godwit";
}
