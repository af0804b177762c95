using System.Diagnostics;
using System.Globalization;

namespace Godwit.Cli.Tests.Copy;

public sealed class ChunkingAndResumeTests : CopyTestBase
{
    // 100,000 rows under a composite, partly non-integer primary key (keyset chunks), plus a second table.
    private const string Sql = """
        CREATE TABLE order_lines (
          tenant INT NOT NULL, code VARCHAR(20) NOT NULL, qty INT NOT NULL, price DECIMAL(10,2) NOT NULL, label VARCHAR(40),
          PRIMARY KEY (tenant, code));
        INSERT INTO order_lines SELECT seq % 7, CONCAT('c', LPAD(seq, 7, '0')), seq % 1000, seq / 100, IF(seq % 11 = 0, NULL, CONCAT('label ', seq)) FROM seq_1_to_100000;
        CREATE TABLE small (id INT PRIMARY KEY, v VARCHAR(10));
        INSERT INTO small SELECT seq, CONCAT('v', seq) FROM seq_1_to_500;
        ANALYZE TABLE order_lines, small;
        """;

    private const string SourceDigest =
        "SELECT COUNT(*), MD5(GROUP_CONCAT(tenant, '|', code, '|', qty, '|', price, '|', IFNULL(label, 'NULL') ORDER BY tenant, code SEPARATOR ',')) FROM order_lines";

    private string TargetDigest =>
        $"SELECT count(*)::text, md5(string_agg(tenant || '|' || code || '|' || qty || '|' || price || '|' || coalesce(label, 'NULL'), ',' ORDER BY tenant, code COLLATE \"C\")) FROM \"{Schema}\".order_lines";

    [Fact]
    public async Task A_table_with_a_composite_key_is_copied_in_parallel_keyset_chunks_without_gaps_or_duplicates()
    {
        await MySql.ExecuteAsync(Sql);

        var run = await MigrateAsync("--jobs", "4", "--chunk-rows", "9000", "--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        var lines = Json(run).GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString() == "order_lines");
        Assert.True(lines.GetProperty("chunks").GetInt32() >= 10, $"{lines.GetProperty("chunks").GetInt32()} chunks");
        Assert.Equal(100_000, lines.GetProperty("rows_loaded").GetInt64());
        Assert.Equal(await MySqlRowsAsync(SourceDigest), await PgRowsAsync(TargetDigest));
        // Chunks are key ranges over (tenant, code) and were done by different snapshot workers, each in its own transaction.
        Assert.Equal("100000", await PgScalarAsync("SELECT sum(rows_loaded)::text FROM godwit.copy_chunks WHERE source_table = 'order_lines'"));
        Assert.Equal("0", await PgScalarAsync("SELECT count(*) FROM godwit.copy_chunks WHERE status <> 'done'"));
        Assert.True(int.Parse((await PgScalarAsync($"SELECT count(DISTINCT xmin::text) FROM \"{Schema}\".order_lines"))!, CultureInfo.InvariantCulture) >= 10);
        Assert.Contains(",", await PgScalarAsync("SELECT array_to_string(upper_bound, ',') FROM godwit.copy_chunks WHERE source_table = 'order_lines' AND chunk = 0"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_kill_9_the_same_command_resumes_and_every_row_is_copied_exactly_once()
    {
        await MySql.ExecuteAsync(Sql);
        string[] args = ["migrate", "--source", Source, "--target", Target, "--jobs", "2", "--chunk-rows", "2000"];

        // Throttled so the copy takes a few seconds; killed with SIGKILL once some chunks are committed.
        using (var process = GodwitProcess.Start([.. args, "--max-rows-per-second", "15000"]))
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var watch = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(process.HasExited, "godwit migrate ended before it could be killed: " + (process.HasExited ? await stderr : string.Empty));
                Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), "no chunk was committed in time");
                if (await DoneChunksAsync() >= 8)
                {
                    break;
                }

                await Task.Delay(50);
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var doneBefore = await DoneChunksAsync();
        var total = int.Parse((await PgScalarAsync("SELECT count(*) FROM godwit.copy_chunks"))!, CultureInfo.InvariantCulture);
        Assert.True(doneBefore < total, $"the kill came too late: {doneBefore}/{total} chunks done");
        var partial = long.Parse((await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".order_lines"))!, CultureInfo.InvariantCulture)
            + long.Parse((await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".small"))!, CultureInfo.InvariantCulture);
        Assert.Equal(long.Parse((await PgScalarAsync("SELECT coalesce(sum(rows_loaded), 0)::text FROM godwit.copy_chunks WHERE status = 'done'"))!, CultureInfo.InvariantCulture), partial);

        var resumed = await CliRun.InvokeAsync([.. args, "--json"]);

        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        var json = Json(resumed);
        Assert.True(json.GetProperty("resumed").GetBoolean());
        Assert.Equal(doneBefore, json.GetProperty("tables").EnumerateArray().Sum(t => t.GetProperty("chunks_resumed").GetInt32()));
        Assert.Equal(2, json.GetProperty("consistency").GetProperty("snapshots").GetInt32());
        Assert.Equal(await MySqlRowsAsync(SourceDigest), await PgRowsAsync(TargetDigest));
        Assert.Equal("500", await PgScalarAsync($"SELECT count(DISTINCT id) FROM \"{Schema}\".small"));
        Assert.Equal("1", await PgScalarAsync($"SELECT count(*) FROM pg_constraint WHERE conname = 'order_lines_pkey' AND connamespace = '\"{Schema}\"'::regnamespace"));
        // CDC starts at the first snapshot's position, the earlier of the two.
        Assert.Equal(
            await PgScalarAsync("SELECT binlog_pos::text FROM godwit.positions WHERE attempt = 1"),
            await PgScalarAsync("SELECT binlog_pos::text FROM godwit.cdc_start"));
    }

    private async Task<int> DoneChunksAsync()
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
