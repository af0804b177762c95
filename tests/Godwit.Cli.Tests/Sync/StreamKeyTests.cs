namespace Godwit.Cli.Tests.Sync;

/// <summary>The stream name keys the copy's runs and the stream's state: two streams feed one target schema side by side.</summary>
public sealed class StreamKeyTests : SyncTestBase
{
    [Fact]
    public async Task Two_streams_into_one_target_schema_keep_their_own_copy_runs_and_positions()
    {
        await MySql.ExecuteAsync("""
            CREATE TABLE a (id INT PRIMARY KEY, v INT); CREATE TABLE b (id INT PRIMARY KEY, v INT);
            INSERT INTO a VALUES (1, 1); INSERT INTO b VALUES (1, 10), (2, 20)
            """);

        var first = await CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target, "--tables", "a", "--stream", "s-a"]);
        Assert.True(first.ExitCode == 0, first.StdErr);
        var second = await CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target, "--tables", "b", "--stream", "s-b"]);
        Assert.True(second.ExitCode == 0, second.StdErr);

        // A run keyed by source database and schema alone would have found the first run done and copied nothing.
        await AssertSameRowsAsync("b");
        Assert.Equal([["s-a"], ["s-b"]], await PgRowsAsync("SELECT stream FROM godwit.copy_runs ORDER BY stream"));

        await MySql.ExecuteAsync("INSERT INTO a VALUES (2, 2); INSERT INTO b VALUES (3, 30)");
        foreach (var (stream, table) in new[] { ("s-a", "a"), ("s-b", "b") })
        {
            var spec = await SpecAsync(table);
            try
            {
                var run = await CliRun.InvokeAsync(["sync", "--source", Source, "--target", Target, "--until-caught-up", "--server-id", ServerId, "--stream", stream, "--spec", spec]);
                Assert.True(run.ExitCode == 0, run.StdErr);
            }
            finally
            {
                File.Delete(spec);
            }
        }

        await AssertSameRowsAsync("a");
        await AssertSameRowsAsync("b");
        Assert.Equal([["s-a"], ["s-b"]], await PgRowsAsync("SELECT stream FROM godwit.sync_state ORDER BY stream"));
    }

    private async Task<string> SpecAsync(string table)
    {
        var path = Path.Combine(Path.GetTempPath(), $"godwit-streamkey-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, $"tables:\n  include: [{MySql.Name}.{table}]\n");
        return path;
    }
}
