using System.Text.Json;

namespace Godwit.Cli.Tests.Sync;

public sealed class StatusTests : SyncTestBase
{
    [Fact]
    public async Task Status_json_reports_the_applied_position_lag_bytes_behind_and_counters()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1), (2); DELETE FROM t WHERE id = 1");
        var afterChanges = await SourcePositionAsync();
        await SyncOkAsync("--from", start);

        var run = await CliRun.InvokeAsync(["status", "--target", Target, "--source", Source, "--json"]);

        Assert.True(run.ExitCode == 0, run.StdErr);
        var json = JsonDocument.Parse(run.StdOut).RootElement;
        var stream = json.GetProperty("streams").EnumerateArray().Single();
        Assert.Equal(Schema, stream.GetProperty("stream").GetString());
        Assert.True(Order(stream.GetProperty("applied_position").GetString()!).CompareTo(Order(afterChanges)) >= 0, run.StdOut);
        Assert.Equal(3, stream.GetProperty("rows_applied").GetInt64());
        Assert.Equal(2, stream.GetProperty("events_applied").GetInt64());
        foreach (var field in new[] { "status", "source_position", "bytes_behind", "lag_seconds", "events_per_second", "transactions_applied", "last_event_time", "applied_at", "last_error", "applied_gtid" })
        {
            Assert.True(stream.TryGetProperty(field, out _), $"no {field} in {run.StdOut}");
        }

        // Other tests write to the same binlog, so the source may have moved on; what the target lacks is counted in bytes.
        Assert.True(stream.GetProperty("bytes_behind").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.Null, stream.GetProperty("last_error").ValueKind);
    }

    [Fact]
    public async Task Status_without_a_stream_says_so_and_the_human_form_names_each_field()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY)");

        var empty = await CliRun.InvokeAsync(["status", "--target", Target]);
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1)");
        await SyncOkAsync("--from", start);
        var human = await CliRun.InvokeAsync(["status", "--target", Target]);

        Assert.Equal(0, empty.ExitCode);
        Assert.Contains("no change stream", empty.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("applied_position", human.StdOut, StringComparison.Ordinal);
        Assert.Contains("lag_seconds", human.StdOut, StringComparison.Ordinal);
        Assert.Contains(Schema, human.StdOut, StringComparison.Ordinal);
    }
}
