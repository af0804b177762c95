namespace Godwit.Cli.Tests.Verify;

public sealed class TrapZooTests : VerifyTestBase
{
    [Theory]
    [InlineData("count")]
    [InlineData("checksum")]
    [InlineData("rows")]
    public async Task The_trap_zoo_copied_faithfully_verifies_equal(string mode)
    {
        await MySqlExecuteAsync(TrapZoo.Schema);
        await CopyAsync();

        var run = await VerifyAsync("--mode", mode, "--json", "--recheck", "off");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.StdOut}\n{run.StdErr}");
        var report = Json(run);
        Assert.True(report.GetProperty("equal").GetBoolean());
        foreach (var t in report.GetProperty("tables").EnumerateArray())
        {
            Assert.Equal(0, t.GetProperty("differences").GetArrayLength());
            Assert.Equal(t.GetProperty("source_rows").GetInt64(), t.GetProperty("matching").GetInt64());
        }

        Assert.Equal(5, TableOf(report, "zoo").GetProperty("source_rows").GetInt64());
        Assert.Equal(5, TableOf(report, "bag").GetProperty("target_rows").GetInt64());
    }

    [Fact]
    public async Task Both_databases_hash_every_trap_zoo_chunk_to_the_same_digest()
    {
        // The in-database hash is a filter: a false alarm would only cost a bisection, so check it directly.
        await MySqlExecuteAsync(TrapZoo.Schema);
        await CopyAsync();

        var run = await VerifyAsync("--mode", "checksum", "--json", "--recheck", "off");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.StdOut}\n{run.StdErr}");
        var digests = await PgCountAsync("SELECT count(*) FROM godwit.verify_chunks WHERE NOT equal");
        Assert.Equal(0, digests);
        Assert.Contains(TableOf(Json(run), "zoo").GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("j", StringComparison.Ordinal));
    }
}
