using System.Diagnostics;

namespace Godwit.Cli.Tests.Verify;

/// <summary>Exit codes, the JSON report, resuming an interrupted run and the re-check of rows in flight.</summary>
public sealed class RunTests : VerifyTestBase
{
    private const string Numbers = """
        CREATE TABLE numbers (id int NOT NULL PRIMARY KEY, v varchar(20) NOT NULL);
        INSERT INTO numbers SELECT seq, CONCAT('v', seq) FROM seq_1_to_2000;
        """;

    [Fact]
    public async Task Exit_code_is_0_when_equal_2_on_differences_and_1_on_an_error()
    {
        await MySqlExecuteAsync(Numbers);
        await CopyAsync();

        var equal = await VerifyAsync("--recheck", "off");
        await PgExecuteAsync($"UPDATE {Pg("numbers")} SET v = 'x' WHERE id = 7");
        var different = await VerifyAsync("--recheck", "off");
        var error = await VerifyAsync("--target-schema", "no_such_schema");

        Assert.True(equal.ExitCode == 0, equal.StdOut + equal.StdErr);
        Assert.Contains("all tables equal", equal.StdOut, StringComparison.Ordinal);
        Assert.Equal(2, different.ExitCode);
        Assert.Contains("numbers: different id=7; v: source 'v7', target 'x'", different.StdOut, StringComparison.Ordinal);
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("no_such_schema", error.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Source_target_and_tables_come_from_godwit_yaml()
    {
        await MySqlExecuteAsync(Numbers + "CREATE TABLE other (id int PRIMARY KEY); INSERT INTO other VALUES (1);");
        await CopyAsync();
        await PgExecuteAsync($"DELETE FROM {Pg("other")}");
        var dir = Directory.CreateTempSubdirectory("godwit-verify-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "godwit.yaml"), $"""
                source: {Source}
                target: {Target}
                tables:
                  include: [{MySql.Name}.numbers]
                """);

            var run = await CliRun.InvokeAsync(["verify", "--json", "--recheck", "off"], workingDirectory: dir.FullName);

            Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
            Assert.Equal("numbers", Assert.Single(Json(run).GetProperty("tables").EnumerateArray()).GetProperty("table").GetString()!.Split('.')[1]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_json_report_has_per_table_counts_and_differences_up_to_max_diffs()
    {
        await MySqlExecuteAsync(Numbers);
        await CopyAsync();
        await PgExecuteAsync($"UPDATE {Pg("numbers")} SET v = 'x' WHERE id <= 5");

        var run = await VerifyAsync("--json", "--recheck", "off", "--max-diffs", "3", "--mode", "rows");

        Assert.Equal(2, run.ExitCode);
        var report = Json(run);
        Assert.Equal("rows", report.GetProperty("mode").GetString());
        Assert.False(report.GetProperty("equal").GetBoolean());
        Assert.Equal(16, report.GetProperty("run_id").GetString()!.Length);
        var t = TableOf(report, "numbers");
        Assert.Equal($"{MySql.Name}.numbers", t.GetProperty("table").GetString());
        Assert.Equal($"{Schema}.numbers", t.GetProperty("target").GetString());
        Assert.Equal(2000, t.GetProperty("source_rows").GetInt64());
        Assert.Equal(2000, t.GetProperty("target_rows").GetInt64());
        Assert.Equal(2000, t.GetProperty("compared").GetInt64());
        Assert.Equal(1995, t.GetProperty("matching").GetInt64());
        Assert.Equal(0, t.GetProperty("missing_on_target").GetInt64());
        Assert.Equal(0, t.GetProperty("extra_on_target").GetInt64());
        Assert.Equal(5, t.GetProperty("different").GetInt64());
        Assert.Equal(0, t.GetProperty("unsettled").GetInt64());
        Assert.Equal(3, t.GetProperty("differences").GetArrayLength());
        var first = t.GetProperty("differences")[0];
        Assert.Equal("different", first.GetProperty("kind").GetString());
        Assert.Equal("id=1", first.GetProperty("key").GetString());
        Assert.Equal(1, first.GetProperty("count").GetInt64());
        Assert.Equal("v", first.GetProperty("columns")[0].GetProperty("column").GetString());
        Assert.Equal("v1", first.GetProperty("columns")[0].GetProperty("source").GetString());
        Assert.Equal("x", first.GetProperty("columns")[0].GetProperty("target").GetString());
    }

    [Fact]
    public async Task A_rerun_after_an_interruption_skips_the_chunks_already_verified()
    {
        await MySqlExecuteAsync(Numbers);
        await CopyAsync();
        var first = await VerifyAsync("--json", "--recheck", "off", "--chunk-rows", "200");
        var chunks = TableOf(Json(first), "numbers").GetProperty("chunks").GetInt32();
        Assert.True(chunks >= 8, $"{chunks} chunks");

        // As if killed after six chunks: the run is unfinished and only those chunks are recorded.
        await PgExecuteAsync("""
            UPDATE godwit.verify_runs SET finished_at = NULL;
            DELETE FROM godwit.verify_chunks WHERE lo > (SELECT lo FROM godwit.verify_chunks ORDER BY lo OFFSET 5 LIMIT 1);
            """);

        // A change inside a chunk already verified goes unseen by the resumed run: proof that the chunk was skipped.
        await PgExecuteAsync($"UPDATE {Pg("numbers")} SET v = 'x' WHERE id = 1");
        var resumed = await VerifyAsync("--json", "--recheck", "off", "--chunk-rows", "200");
        var restarted = await VerifyAsync("--json", "--recheck", "off", "--chunk-rows", "200", "--restart");

        Assert.Equal(0, resumed.ExitCode);
        var table = TableOf(Json(resumed), "numbers");
        Assert.Equal(6, table.GetProperty("resumed_chunks").GetInt32());
        Assert.Equal(2000, table.GetProperty("matching").GetInt64());
        Assert.Equal(2, restarted.ExitCode);
        Assert.Equal(0, TableOf(Json(restarted), "numbers").GetProperty("resumed_chunks").GetInt32());
    }

    [Fact]
    public async Task A_row_that_settles_before_the_recheck_is_unsettled_not_different()
    {
        await MySqlExecuteAsync(Numbers);
        await CopyAsync();
        await PgExecuteAsync($"UPDATE {Pg("numbers")} SET v = 'in flight' WHERE id = 42");

        var clock = Stopwatch.StartNew();
        var run = VerifyAsync("--json", "--recheck", "4s");
        await FirstPassDoneAsync(run);
        await PgExecuteAsync($"UPDATE {Pg("numbers")} SET v = 'v42' WHERE id = 42"); // CDC caught up
        var result = await run;

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        var table = TableOf(Json(result), "numbers");
        Assert.Equal(1, table.GetProperty("unsettled").GetInt64());
        Assert.Equal(0, table.GetProperty("different").GetInt64());
        Assert.Equal("unsettled", table.GetProperty("differences")[0].GetProperty("kind").GetString());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_row_that_keeps_changing_on_the_source_is_unsettled()
    {
        await MySqlExecuteAsync(Numbers);
        await CopyAsync();
        await MySqlExecuteAsync("UPDATE numbers SET v = 'write 1' WHERE id = 9");

        var run = VerifyAsync("--json", "--recheck", "4s");
        await FirstPassDoneAsync(run);
        await MySqlExecuteAsync("UPDATE numbers SET v = 'write 2' WHERE id = 9");
        var result = await run;

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Equal(1, TableOf(Json(result), "numbers").GetProperty("unsettled").GetInt64());
    }

    [Fact]
    public async Task A_difference_that_stays_through_the_recheck_is_reported()
    {
        await MySqlExecuteAsync(Numbers);
        await CopyAsync();
        await PgExecuteAsync($"DELETE FROM {Pg("numbers")} WHERE id = 1000");

        var result = await VerifyAsync("--json", "--recheck", "200ms");

        Assert.Equal(2, result.ExitCode);
        var table = TableOf(Json(result), "numbers");
        Assert.Equal(1, table.GetProperty("missing_on_target").GetInt64());
        Assert.Equal(0, table.GetProperty("unsettled").GetInt64());
    }

    /// <summary>Waits until the first pass recorded its chunk (the re-check delay starts then), while the run is still going.</summary>
    private async Task FirstPassDoneAsync(Task<CliRun> run)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Assert.False(run.IsCompleted, "verify finished before the re-check: " + (run.IsCompleted ? run.Result.StdErr : string.Empty));
            try
            {
                if (await PgCountAsync("SELECT count(*) FROM godwit.verify_chunks") > 0)
                {
                    return;
                }
            }
            catch (Npgsql.PostgresException)
            {
                // the progress tables do not exist yet
            }

            await Task.Delay(50);
        }

        Assert.Fail("the first pass did not finish within 30 s");
    }
}
