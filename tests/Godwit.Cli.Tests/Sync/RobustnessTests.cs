using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Godwit.Cli.Tests.Sync;

public sealed class RobustnessTests : SyncTestBase
{
    private const string Tables = """
        CREATE TABLE kv (id INT PRIMARY KEY, v INT NOT NULL, s VARCHAR(40));
        CREATE TABLE log (seq INT, note VARCHAR(40));
        """;

    [Fact]
    public async Task A_position_no_longer_on_the_source_is_a_clear_error()
    {
        await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY)");

        var run = await SyncAsync("--from", "mariadb-bin.999999:4");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("mariadb-bin.999999:4 is no longer on the source; re-run migrate", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_the_sync_process_at_random_moments_loses_and_repeats_nothing()
    {
        var start = await SetUpAsync(Tables);
        var sync = (string[])["sync", "--source", Source, "--target", Target, "--server-id", ServerId];
        using var stop = new CancellationTokenSource();
        // The application keeps writing while the stream is killed and restarted; it stops after the last kill.
        var workload = Task.Run(() => RunWorkloadAsync(transactions: 100_000, stop.Token));
        try
        {
            using (var first = SyncProcess.Start([.. sync, "--from", start]))
            {
                // The first ./godwit of a test run may build the CLI first.
                await WaitForAsync(async () => await AppliedRowsAsync() > 0, TimeSpan.FromMinutes(3), "the first rows applied");
                first.Kill();
            }

            for (var kill = 0; kill < 3; kill++)
            {
                using var process = SyncProcess.Start(sync);
                var before = await AppliedRowsAsync();
                await WaitForAsync(async () => await AppliedRowsAsync() > before, TimeSpan.FromSeconds(60), "progress after a restart");
                await Task.Delay(Random.Shared.Next(0, 300));
                process.Kill();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await workload;
        }

        await SyncOkAsync();

        await AssertSameRowsAsync("kv");
        // The log table has no key: a source transaction applied twice would show up as duplicate rows.
        await AssertSameRowsAsync("log");
        Assert.Equal("0", await PgScalarAsync($"SELECT count(*)::text FROM (SELECT seq FROM \"{Schema}\".log GROUP BY seq HAVING count(*) > 1) d"));
    }

    [Fact]
    public async Task Losing_the_target_connection_reconnects_and_converges_and_sigterm_stops_cleanly()
    {
        var start = await SetUpAsync(Tables);
        await RunWorkloadAsync(transactions: 200, CancellationToken.None);
        var port = FreePort();
        using var process = SyncProcess.Start(["sync", "--source", Source, "--target", Target, "--server-id", ServerId, "--from", start, "--metrics", $"127.0.0.1:{port}"]);
        await WaitForAsync(async () => await AppliedRowsAsync() > 0, TimeSpan.FromMinutes(3), "the first rows applied");

        var terminated = await PgScalarAsync(
            $"SELECT count(pg_terminate_backend(pid))::text FROM pg_stat_activity WHERE application_name = 'godwit-sync' AND datname = '{Postgres.Name}'");
        Assert.Equal("1", terminated);
        await RunWorkloadAsync(transactions: 200, CancellationToken.None, firstSeq: 200);

        await WaitForAsync(async () => await TargetMatchesAsync(), TimeSpan.FromSeconds(60), "the target to converge after the reconnect");
        Assert.Contains("reconnecting", process.StdErr, StringComparison.Ordinal);
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        Assert.Contains("migration_replication_lag_seconds{", metrics, StringComparison.Ordinal);
        Assert.Contains("migration_rows_applied_total{", metrics, StringComparison.Ordinal);
        Assert.Matches("migration_errors_total\\{[^}]*kind=\"target_connection\"\\} [1-9]", metrics);
        Assert.Matches("migration_reconnects_total\\{[^}]*\\} [1-9]", metrics);

        await process.SignalAsync("TERM");
        Assert.Equal(143, await process.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("stopped", await PgScalarAsync("SELECT status FROM godwit.sync_state"));

        // The reconnect is counted in the stream's state too, where the dashboard reads it after the process is gone.
        Assert.Equal("true", await PgScalarAsync("SELECT (errors >= 1 AND reconnects >= 1)::text FROM godwit.sync_state"));
    }

    [Fact]
    public async Task Losing_the_source_connection_reconnects_with_backoff_and_converges_while_writes_go_on()
    {
        var start = await SetUpAsync(Tables);
        await using var account = await StreamAccount.CreateAsync(MySql);
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var workload = Task.Run(() => RunWorkloadAsync(transactions: 100_000, stop.Token));
        using var process = SyncProcess.Start(
            ["sync", "--source", account.Uri.ToUnmaskedString(), "--target", Target, "--server-id", ServerId, "--from", start, "--metrics", $"127.0.0.1:{port}"]);
        var killed = new HashSet<long>();
        try
        {
            // The first ./godwit of a test run may build the CLI first.
            await WaitForAsync(async () => await AppliedRowsAsync() > 0, TimeSpan.FromMinutes(3), "the first rows applied");
            for (var kill = 0; kill < 3; kill++)
            {
                await WaitForNewDumpAsync(account, killed);
                killed.UnionWith(await account.KillConnectionsAsync());
                await WaitForResumedAsync(account, killed);
            }

            // Then the source stays out of reach for a while: every connection the stream opens is killed as soon as it shows,
            // so the attempts fail one after another and the waits between them grow.
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(4);
            while (DateTime.UtcNow < until)
            {
                killed.UnionWith(await account.KillConnectionsAsync());
                await Task.Delay(10);
            }

            await WaitForResumedAsync(account, killed);
        }
        finally
        {
            await stop.CancelAsync();
            await workload;
        }

        await WaitForAsync(TargetMatchesAsync, TimeSpan.FromSeconds(60), "the target to converge after the reconnects");
        await AssertSameRowsAsync("kv");
        await AssertSameRowsAsync("log");
        Assert.Equal("0", await PgScalarAsync($"SELECT count(*)::text FROM (SELECT seq FROM \"{Schema}\".log GROUP BY seq HAVING count(*) > 1) d"));

        var waits = Regex.Matches(process.StdErr, "reconnecting in ([0-9.]+) s").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(waits.Count >= 4, process.StdErr);
        // The first wait after a working connection is 0.5 s (±20 %); a wait of about 1 s or more means failures in a row doubled it.
        Assert.InRange(waits[0], 0.35, 0.65);
        Assert.True(waits.Max() >= 0.75, $"the waits never grew: {string.Join(", ", waits)}");
        // Streaming again, with the last reconnect's cause kept for `godwit status`.
        Assert.Equal(
            "true",
            await PgScalarAsync("SELECT (status IN ('running', 'caught-up') AND last_error_at IS NOT NULL)::text FROM godwit.sync_state"));
        Assert.Contains("lost the source: ", process.StdErr, StringComparison.Ordinal);
        Assert.Matches("^lost (the source|a connection): ", await PgScalarAsync("SELECT last_error FROM godwit.sync_state"));
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        Assert.Matches("migration_errors_total\\{[^}]*kind=\"source_connection\"\\} [1-9]", metrics);
        Assert.Matches("migration_reconnects_total\\{[^}]*\\} ([4-9]|[1-9][0-9])", metrics);

        await process.SignalAsync("TERM");
        Assert.Equal(143, await process.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private async Task<long> AppliedRowsAsync()
    {
        try
        {
            return long.Parse(await PgScalarAsync("SELECT coalesce(sum(rows_applied), 0)::text FROM godwit.sync_state") ?? "0", CultureInfo.InvariantCulture);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == "42P01")
        {
            return 0; // sync has not created its table yet
        }
    }

    /// <summary>Waits for a binlog dump of the account's that is none of <paramref name="killed"/>: the stream (re)connected.</summary>
    private static Task WaitForNewDumpAsync(StreamAccount account, HashSet<long> killed) =>
        WaitForAsync(
            async () => (await account.ConnectionsAsync()).Any(c => c.Command == "Binlog Dump" && !killed.Contains(c.Id)),
            TimeSpan.FromSeconds(60),
            "the stream's binlog dump connection");

    /// <summary>Waits for the stream to reconnect and then apply rows written after it did.</summary>
    private async Task WaitForResumedAsync(StreamAccount account, HashSet<long> killed)
    {
        await WaitForNewDumpAsync(account, killed);
        var resumed = await AppliedRowsAsync();
        await WaitForAsync(async () => await AppliedRowsAsync() > resumed, TimeSpan.FromSeconds(60), "rows applied after the reconnect");
    }

    private async Task<bool> TargetMatchesAsync()
    {
        var source = await MySqlRowsAsync("SELECT id, v, s FROM kv ORDER BY id");
        var target = await PgRowsAsync($"SELECT id, v, s FROM \"{Schema}\".kv ORDER BY id");
        var sourceLog = await MySqlRowsAsync("SELECT count(*) FROM log");
        var targetLog = await PgRowsAsync($"SELECT count(*) FROM \"{Schema}\".log");
        return source.Count == target.Count && source.Zip(target).All(p => p.First.SequenceEqual(p.Second)) && sourceLog[0][0] == targetLog[0][0];
    }

    /// <summary>Small transactions of inserts, updates (some moving keys), deletes and keyless inserts, as a live application would write.</summary>
    private async Task RunWorkloadAsync(int transactions, CancellationToken cancellationToken, int firstSeq = 0)
    {
        await using var connection = await MySql.OpenAsync(CancellationToken.None);
        for (var i = firstSeq; i < firstSeq + transactions && !cancellationToken.IsCancellationRequested; i++)
        {
            var sql = new StringBuilder("BEGIN;");
            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO kv VALUES ({i}, {i}, 'v{i}') ON DUPLICATE KEY UPDATE v = v + 1;");
            sql.Append(CultureInfo.InvariantCulture, $"UPDATE kv SET v = v + 1, s = CONCAT(s, '+') WHERE id = {i / 2};");
            if (i % 7 == 0)
            {
                sql.Append(CultureInfo.InvariantCulture, $"UPDATE kv SET id = id + 100000 WHERE id = {i / 3};");
            }

            if (i % 5 == 0)
            {
                sql.Append(CultureInfo.InvariantCulture, $"DELETE FROM kv WHERE id = {i - 4};");
            }

            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO log VALUES ({i}, 'tx {i}');COMMIT;");
            await connection.ExecuteAsync(sql.ToString(), CancellationToken.None);
        }
    }
}
