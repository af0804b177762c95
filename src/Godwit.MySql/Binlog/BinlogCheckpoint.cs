namespace Godwit.MySql.Binlog;

/// <summary>
/// A transaction boundary to resume from: the file position after the last committed transaction
/// and, when known, the GTID state there (MariaDB "0-1-100,…" or a MySQL GTID set). Restart with
/// <see cref="BinlogStart.FromPosition(BinlogPosition)"/> or the GTID form.
/// </summary>
public sealed record BinlogCheckpoint(BinlogPosition? Position, string? Gtids);
