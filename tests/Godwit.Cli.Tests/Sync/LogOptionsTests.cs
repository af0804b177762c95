using System.Text.Json;

namespace Godwit.Cli.Tests.Sync;

/// <summary>The global logging options: JSON lines for log shippers, --quiet, --verbose, passwords masked either way.</summary>
public sealed class LogOptionsTests : SyncTestBase
{
    [Fact]
    public async Task Log_format_json_writes_every_diagnostic_as_one_json_object_with_level_and_category()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1)");

        var run = await SyncOkAsync("--from", start, "--log-format", "json");

        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(entries, e => Assert.Equal(4, e.EnumerateObject().Count()));
        Assert.Contains(entries, e => e.GetProperty("category").GetString() == "Godwit.Sync"
            && e.GetProperty("level").GetString() == "information"
            && e.GetProperty("message").GetString()!.StartsWith($"godwit: sync: stream {Schema} from ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Quiet_keeps_warnings_and_errors_and_verbose_adds_each_commit()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1)");

        var quiet = await SyncOkAsync("--from", start, "--quiet");
        var verbose = await SyncOkAsync("--from", start, "--verbose");

        Assert.DoesNotContain("godwit: sync: stream", quiet.StdErr, StringComparison.Ordinal);
        Assert.Contains("godwit: sync: stream", verbose.StdErr, StringComparison.Ordinal);
        Assert.Contains("godwit: sync: committed ", verbose.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("godwit: sync: committed ", quiet.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_in_json_lines_is_masked_and_quiet_and_verbose_together_are_refused()
    {
        var failed = await CliRun.InvokeAsync(["ping", "--source", "mysql://godwit:sekr3t-pw@127.0.0.1:1/db", "--log-format", "json"]);
        var both = await CliRun.InvokeAsync(["ping", "--source", Source, "--quiet", "--verbose"]);

        Assert.NotEqual(0, failed.ExitCode);
        var error = JsonDocument.Parse(failed.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last()).RootElement;
        Assert.Equal("error", error.GetProperty("level").GetString());
        Assert.DoesNotContain("sekr3t-pw", failed.StdErr + failed.StdOut, StringComparison.Ordinal);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("--quiet and --verbose", both.StdErr, StringComparison.Ordinal);
    }
}
