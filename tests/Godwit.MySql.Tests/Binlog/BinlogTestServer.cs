using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Binlog.Gtids;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>
/// Helpers for binlog tests against the testbed: the current position, unique replica server ids, and
/// streaming the events of one scratch database (other tests write to the same binlog concurrently).
/// </summary>
internal static class BinlogTestServer
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A server id no other test uses: random in a high range (two replicas with one id kick each other off).</summary>
    public static uint NewServerId() => (uint)Random.Shared.Next(100_000_000, 2_000_000_000);

    public static async Task<BinlogPosition> CurrentPositionAsync()
    {
        await using var connection = await TestDatabase.OpenAsync();
        await using var reader = await connection.QueryAsync("SHOW MASTER STATUS", None);
        Assert.True(await reader.ReadAsync(None), "SHOW MASTER STATUS returned no row: is binary logging on?");
        var position = new BinlogPosition(reader.GetString(0), reader.GetInt64(1));
        while (await reader.ReadAsync(None))
        {
        }

        return position;
    }

    public static async Task<MariaDbGtidPosition> CurrentGtidPositionAsync()
    {
        await using var connection = await TestDatabase.OpenAsync();
        return MariaDbGtidPosition.Parse(await connection.ScalarAsync<string>("SELECT @@gtid_binlog_pos", None) ?? string.Empty);
    }

    public static Task<BinlogClient> StartAsync(BinlogStart start, bool stopAtEnd = true, BinlogColumnHints? hints = null, TimeSpan? heartbeat = null) =>
        BinlogClient.StartAsync(
            TestDatabase.Settings,
            new BinlogClientOptions
            {
                ServerId = NewServerId(),
                Start = start,
                StopAtEnd = stopAtEnd,
                ColumnHints = hints,
                HeartbeatPeriod = heartbeat ?? TimeSpan.FromSeconds(10),
            },
            None);

    /// <summary>
    /// Streams from <paramref name="start"/> to the current end of the binlog and keeps what concerns
    /// <paramref name="database"/>: its rows (copied out, since spans die with the next read), its
    /// queries, and the GTID/XID events of the transactions that touched it.
    /// </summary>
    public static async Task<List<RecordedEvent>> RecordAsync(BinlogStart start, string database, BinlogColumnHints? hints = null)
    {
        await using var client = await StartAsync(start, hints: hints);
        var recorded = new List<RecordedEvent>();
        var transaction = new List<RecordedEvent>();
        var touchesDatabase = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        while (await client.ReadAsync(timeout.Token) is { } binlogEvent)
        {
            switch (binlogEvent)
            {
                case MariaDbGtidEvent:
                    transaction.Clear();
                    touchesDatabase = false;
                    transaction.Add(RecordedEvent.From(binlogEvent));
                    break;
                case RowsEvent rows when rows.Table.Database == database:
                    touchesDatabase = true;
                    transaction.Add(RecordedEvent.From(rows));
                    break;
                case QueryEvent query when query.Database == database || query.Query.Contains(database, StringComparison.Ordinal):
                    touchesDatabase = true;
                    transaction.Add(RecordedEvent.From(binlogEvent));
                    break;
                case TableMapEvent map when map.Table.Database == database:
                case AnnotateRowsEvent annotate when annotate.Statement.Contains(database, StringComparison.Ordinal):
                    transaction.Add(RecordedEvent.From(binlogEvent));
                    break;
                case RotateEvent or FormatDescriptionEvent or MariaDbGtidListEvent or BinlogCheckpointEvent when !binlogEvent.Header.IsArtificial:
                    // File boundaries: kept, though no transaction of ours is involved.
                    recorded.Add(RecordedEvent.From(binlogEvent));
                    break;
                default:
                    break;
            }

            if (binlogEvent.EndsTransaction)
            {
                if (touchesDatabase)
                {
                    transaction.Add(RecordedEvent.From(binlogEvent));
                    recorded.AddRange(transaction);
                }

                transaction.Clear();
                touchesDatabase = false;
            }
        }

        return recorded;
    }
}
