using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.MySqlTarget;

/// <summary>Two MySQL sources consolidated into one target database, each its own stream.</summary>
public sealed class MySqlConsolidationTests : MySqlTargetTestBase
{
    [Fact]
    public async Task Two_MySQL_databases_are_consolidated_into_one_target_database_each_copied_and_streamed_as_its_own_stream()
    {
        await using var second = await MySqlScratchDatabase.CreateAsync();
        await SourceDb.ExecuteAsync("CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10,2)); INSERT INTO orders VALUES (1, 9.99)");
        await second.ExecuteAsync("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(20)); INSERT INTO customers VALUES (7, 'Ada')");
        // Stream ids are the server's (its one godwit database), so these are made unique to the test.
        var (firstStream, secondStream) = ($"{TargetDb.Name}_first", $"{TargetDb.Name}_second");
        string[] secondArgs = ["--source", second.Uri.ToUnmaskedString(), "--target", Target, "--target-schema", TargetDb.Name, "--stream", secondStream];

        var first = await MigrateAsync("--stream", firstStream);
        var other = await GodwitAsync(["migrate", .. secondArgs]);
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.True(other.ExitCode == 0, other.StdErr);

        await SourceDb.ExecuteAsync("INSERT INTO orders VALUES (2, 5.00)");
        await second.ExecuteAsync("UPDATE customers SET name = 'Grace' WHERE id = 7");
        Assert.True((await SyncUntilCaughtUpAsync("--stream", firstStream)).ExitCode == 0);
        var otherSync = await GodwitAsync(["sync", .. secondArgs, "--until-caught-up"]);
        Assert.True(otherSync.ExitCode == 0, otherSync.StdErr);

        Assert.Equal(["1:9.99", "2:5.00"], (await TargetDb.RowsAsync("SELECT CONCAT(id, ':', total) FROM orders ORDER BY id")).Select(r => r[0]));
        Assert.Equal("Grace", (await TargetDb.RowsAsync("SELECT name FROM customers")).Single()[0]);
        var streams = await TargetDb.RowsAsync($"SELECT stream, source_database FROM godwit.sync_state WHERE target_schema = '{TargetDb.Name}' ORDER BY stream");
        Assert.Equal([firstStream, secondStream], streams.Select(s => s[0]));
    }
}
