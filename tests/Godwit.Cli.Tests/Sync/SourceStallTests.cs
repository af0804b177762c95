using Godwit.Testing;

namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// A frozen source connection (a partition: the socket stays open, nothing arrives) is noticed by the missing
/// heartbeats, shown as the stream's last error, and cured by reconnecting.
/// </summary>
public sealed class SourceStallTests : SyncTestBase
{
    [Fact]
    public async Task A_frozen_source_connection_is_noticed_by_its_missing_heartbeats_and_the_stream_reconnects()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await using var relay = new TcpRelay(MySql.Uri.Host, MySql.Uri.Port);
        var throughRelay = $"mysql://godwit:godwit@127.0.0.1:{relay.Port}/{MySql.Name}";
        using var sync = SyncProcess.Start(["sync", "--source", throughRelay, "--target", Target, "--from", start, "--server-id", ServerId]);
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1), (2, 2)");
        await WaitForAsync(async () => await PgScalarAsync($"SELECT count(*)::text FROM \"{Schema}\".t") == "2", TimeSpan.FromSeconds(60), "the first rows");

        relay.Freeze();
        await MySql.ExecuteAsync("INSERT INTO t VALUES (3, 3), (4, 4)");

        await WaitForAsync(
            async () => await PgScalarAsync($"SELECT count(*)::text FROM \"{Schema}\".t") == "4",
            TimeSpan.FromMinutes(2),
            "the rows written after the freeze");
        Assert.Contains("presumed dead", sync.StdErr, StringComparison.Ordinal);
        Assert.Contains("presumed dead", await PgScalarAsync($"SELECT last_error FROM godwit.sync_state WHERE stream = '{Schema}'"), StringComparison.Ordinal);
    }
}
