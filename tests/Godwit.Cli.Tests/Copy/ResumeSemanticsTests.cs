using System.Diagnostics;
using System.Globalization;

namespace Godwit.Cli.Tests.Copy;

/// <summary>
/// A resumed copy reads the remaining chunks from a newer snapshot, so the target can mix two source states until CDC
/// replays from the earliest position. A unique key the mix violates is deferred (godwit.deferred_ddl), not fatal.
/// </summary>
public sealed class ResumeSemanticsTests : CopyTestBase
{
    [Fact]
    public async Task A_unique_key_violated_by_rows_from_two_snapshots_is_deferred_for_cdc_after_a_resume()
    {
        await MySql.ExecuteAsync("""
            CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(40) NOT NULL, UNIQUE KEY uq_u_email (email));
            INSERT INTO u SELECT seq, CONCAT('e', seq) FROM seq_1_to_20000;
            ANALYZE TABLE u;
            """);
        string[] args = ["migrate", "--source", Source, "--target", Target, "--jobs", "1", "--chunk-rows", "1000"];
        using (var process = GodwitProcess.Start([.. args, "--max-rows-per-second", "4000"]))
        {
            var watch = Stopwatch.StartNew();
            while (await DoneAsync() < 2)
            {
                if (process.HasExited)
                {
                    Assert.Fail("godwit migrate ended before it could be killed: " + await process.StandardError.ReadToEndAsync());
                }

                Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), "no chunk was committed in time");
                await Task.Delay(50);
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Row 1 is on the target; row 20000 is not yet. Swap their emails on the source.
        Assert.Equal("e1", await PgScalarAsync($"SELECT email FROM \"{Schema}\".u WHERE id = 1"));
        Assert.Null((await PgRowsAsync($"SELECT email FROM \"{Schema}\".u WHERE id = 20000")).SingleOrDefault()?[0]);
        await MySql.ExecuteAsync("START TRANSACTION; UPDATE u SET email = 'tmp' WHERE id = 1; UPDATE u SET email = 'e1' WHERE id = 20000; UPDATE u SET email = 'e20000' WHERE id = 1; COMMIT;");

        var resumed = await CliRun.InvokeAsync([.. args, "--json"]);

        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        var json = Json(resumed);
        Assert.Equal(2, json.GetProperty("consistency").GetProperty("snapshots").GetInt32());
        Assert.Contains(json.GetProperty("deferred").EnumerateArray(), d => d.GetString()!.Contains("uq_u_email", StringComparison.Ordinal));
        Assert.Contains("deferred until CDC catches up", resumed.StdErr, StringComparison.Ordinal);
        Assert.Equal("2", await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".u WHERE email = 'e1'"));
        Assert.Matches(@"^ALTER TABLE .* ADD CONSTRAINT ""?uq_u_email""? UNIQUE \(""?email""?\)$", await PgScalarAsync("SELECT sql FROM godwit.deferred_ddl WHERE object = 'uq_u_email'"));
        Assert.Equal("20000", await PgScalarAsync($"SELECT count(DISTINCT id) FROM \"{Schema}\".u"));
        // CDC must start at the first snapshot, before the swap, and replaying it by primary key converges.
        Assert.Equal(await PgScalarAsync("SELECT binlog_pos::text FROM godwit.positions WHERE attempt = 1"), await PgScalarAsync("SELECT binlog_pos::text FROM godwit.cdc_start"));
        Assert.True(long.Parse((await PgScalarAsync("SELECT binlog_pos::text FROM godwit.positions WHERE attempt = 2"))!, CultureInfo.InvariantCulture)
            > long.Parse((await PgScalarAsync("SELECT binlog_pos::text FROM godwit.positions WHERE attempt = 1"))!, CultureInfo.InvariantCulture));
    }

    private async Task<int> DoneAsync()
    {
        try
        {
            return int.Parse((await PgScalarAsync("SELECT count(*) FROM godwit.copy_chunks WHERE status = 'done'"))!, CultureInfo.InvariantCulture);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState is "42P01" or "3F000")
        {
            return 0;
        }
    }
}
