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

    [Fact]
    public async Task While_the_source_stays_unreachable_the_lag_grows_in_metrics_and_status()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await using var relay = new TcpRelay(MySql.Uri.Host, MySql.Uri.Port);
        var throughRelay = $"mysql://godwit:godwit@127.0.0.1:{relay.Port}/{MySql.Name}";
        var port = FreePort();
        using var sync = SyncProcess.Start(["sync", "--source", throughRelay, "--target", Target, "--from", start, "--server-id", ServerId, "--metrics", $"127.0.0.1:{port}"]);
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1)");
        await WaitForAsync(async () => await PgScalarAsync($"SELECT count(*)::text FROM \"{Schema}\".t") == "1", TimeSpan.FromSeconds(60), "the first row");

        // Every connection dropped and new ones refused: the stream keeps trying, and nothing is committed.
        relay.Cut();
        using var http = new HttpClient();
        double? first = null;
        await WaitForAsync(
            async () =>
            {
                var lag = Lag(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")));
                first ??= lag > 0 ? lag : null;
                return first is not null && lag > first + 1;
            },
            TimeSpan.FromSeconds(90),
            "the metrics' lag to grow during the stall:\n" + sync.StdErr);
        var status = await CliRun.InvokeAsync(["status", "--target", Target, "--json"]);
        using var json = System.Text.Json.JsonDocument.Parse(status.StdOut);
        var stream = json.RootElement.GetProperty("streams")[0];
        Assert.Equal("reconnecting", stream.GetProperty("status").GetString());
        Assert.True(stream.GetProperty("lag_seconds").GetDouble() > 0, status.StdOut);
        Assert.False(string.IsNullOrEmpty(stream.GetProperty("last_error").GetString()), status.StdOut);
    }

    private static double Lag(string metrics)
    {
        var line = metrics.Split('\n').Single(l => l.StartsWith("migration_replication_lag_seconds{", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
