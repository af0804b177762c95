using System.Globalization;

namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// <c>godwit migrate --follow</c>: the copy goes straight on into the change stream at the copy's position, so an
/// application writing all through the copy and the stream loses nothing and repeats nothing; killing the process
/// and re-running the same command resumes.
/// </summary>
public sealed class MigrateFollowTests : SyncTestBase
{
    private const int Rows = 4000;

    private static readonly string Tables = $"""
        CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(60) NOT NULL, balance BIGINT NOT NULL, UNIQUE KEY uq_email (email));
        INSERT INTO accounts SELECT seq, CONCAT('a', seq, '@x'), 1000 FROM seq_1_to_{Rows};
        CREATE TABLE items (id INT PRIMARY KEY, v INT NOT NULL, note VARCHAR(40));
        INSERT INTO items SELECT seq, 0, NULL FROM seq_1_to_{Rows};
        """;

    [Fact]
    public async Task A_concurrent_write_workload_during_copy_and_sync_ends_row_for_row_equal()
    {
        await MySql.ExecuteAsync(Tables);
        using var stop = new CancellationTokenSource();
        var writer = new Writer(this);
        var writing = Task.Run(() => writer.RunAsync(stop.Token));
        try
        {
            await WaitForAsync(() => Task.FromResult(writer.Transactions > 20), TimeSpan.FromSeconds(10), "the writer to start");

            // Throttled so the copy itself takes about two seconds of writes; the stream then catches up while the writer goes on.
            var run = await MigrateFollowAsync("--jobs", "2", "--chunk-rows", "500", "--max-rows-per-second", "4000", "--until-caught-up");

            Assert.True(run.ExitCode == 0, $"migrate --follow exited {run.ExitCode}:\n{run.StdOut}\n{run.StdErr}");
            Assert.Contains("copy complete", run.StdErr, StringComparison.Ordinal);
            Assert.Contains("following the change stream from", run.StdErr, StringComparison.Ordinal);
            Assert.True(StreamedTransactions(run) > 20, $"the stream applied too little: the copy did not run under writes\n{run.StdOut}");
        }
        finally
        {
            await stop.CancelAsync();
            await writing;
        }

        // What the writer did after the stream caught up.
        await SyncOkAsync();

        Assert.True(writer.Transactions > 100, $"only {writer.Transactions} writes");
        await AssertSameRowsAsync("accounts");
        await AssertSameRowsAsync("items");
        Assert.Equal(Rows * 1000L, long.Parse((await PgScalarAsync($"SELECT sum(balance)::text FROM \"{Schema}\".accounts"))!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Killing_migrate_follow_during_the_stream_and_running_it_again_resumes_and_converges()
    {
        await MySql.ExecuteAsync(Tables);
        using var stop = new CancellationTokenSource();
        var writer = new Writer(this);
        var writing = Task.Run(() => writer.RunAsync(stop.Token));
        CliRun rerun;
        try
        {
            await WaitForAsync(() => Task.FromResult(writer.Transactions > 20), TimeSpan.FromSeconds(10), "the writer to start");
            using (var process = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--follow", "--server-id", ServerId]))
            {
                // The first ./godwit of a test run may build the CLI first.
                await WaitForAsync(async () => await AppliedRowsAsync() > 0, TimeSpan.FromMinutes(3), "the stream to apply rows after the copy");
                process.Kill();
                Assert.Contains("following the change stream from", process.StdErr, StringComparison.Ordinal);
            }

            rerun = await MigrateFollowAsync("--until-caught-up");
        }
        finally
        {
            await stop.CancelAsync();
            await writing;
        }

        Assert.True(rerun.ExitCode == 0, $"the second migrate --follow exited {rerun.ExitCode}:\n{rerun.StdOut}\n{rerun.StdErr}");
        Assert.Contains("migration already complete", rerun.StdOut, StringComparison.Ordinal);
        Assert.Contains("resuming the change stream", rerun.StdErr, StringComparison.Ordinal);
        await SyncOkAsync();

        await AssertSameRowsAsync("accounts");
        await AssertSameRowsAsync("items");
        Assert.Equal(Rows * 1000L, long.Parse((await PgScalarAsync($"SELECT sum(balance)::text FROM \"{Schema}\".accounts"))!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Restarting_a_migration_forgets_the_stream_that_followed_the_old_copy()
    {
        await MySql.ExecuteAsync(Tables);
        var first = await MigrateFollowAsync("--until-caught-up");
        Assert.True(first.ExitCode == 0, $"migrate --follow exited {first.ExitCode}:\n{first.StdErr}");
        Assert.Equal("1", await PgScalarAsync($"SELECT count(*)::text FROM godwit.sync_state WHERE target_schema = '{Schema}'"));

        var restart = await CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target, "--restart", "--if-exists", "drop"]);

        Assert.True(restart.ExitCode == 0, $"migrate --restart exited {restart.ExitCode}:\n{restart.StdErr}");
        Assert.Equal("0", await PgScalarAsync($"SELECT count(*)::text FROM godwit.sync_state WHERE target_schema = '{Schema}'"));
    }

    private static long StreamedTransactions(CliRun run)
    {
        var line = run.StdOut.Split('\n').Single(l => l.StartsWith("sync: caught-up: ", StringComparison.Ordinal));
        return long.Parse(line["sync: caught-up: ".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task An_alter_table_on_the_source_completes_while_migrate_follow_streams()
    {
        await MySql.ExecuteAsync(Tables);
        using var process = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--follow", "--server-id", ServerId]);
        await WaitForAsync(
            async () => await PgScalarAsync("SELECT to_regclass('godwit.sync_state')::text") is not null
                && (await PgRowsAsync($"SELECT status FROM godwit.sync_state WHERE stream = '{Schema}'")).SingleOrDefault()?[0] is "running" or "caught-up",
            TimeSpan.FromSeconds(60),
            "the stream to run");

        // The copy's snapshots (and their metadata locks) must be gone: the ALTER waits at most 30 s, then fails the test.
        await MySql.ExecuteAsync("SET SESSION lock_wait_timeout = 30; ALTER TABLE items ADD COLUMN added INT NULL; INSERT INTO items (id, v, added) VALUES (999999, 1, 42)");

        await WaitForAsync(
            async () => await PgScalarAsync($"SELECT count(*)::text FROM information_schema.columns WHERE table_schema = '{Schema}' AND table_name = 'items' AND column_name = 'added'") == "1"
                && (await PgRowsAsync($"SELECT added::text FROM \"{Schema}\".items WHERE id = 999999")).SingleOrDefault()?[0] == "42",
            TimeSpan.FromSeconds(60),
            "the ALTER and the row after it on the target:\n" + process.StdErr);
    }

    private Task<CliRun> MigrateFollowAsync(params string[] extra) =>
        CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target, "--follow", "--server-id", ServerId, .. extra]);

    private async Task<long> AppliedRowsAsync()
    {
        try
        {
            return long.Parse(await PgScalarAsync("SELECT coalesce(sum(rows_applied), 0)::text FROM godwit.sync_state") ?? "0", CultureInfo.InvariantCulture);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == "42P01")
        {
            return 0; // the stream has not started yet
        }
    }

    /// <summary>
    /// An application writing small transactions: transfers (the balance total never changes), inserts, deletes,
    /// unique-key swaps, and primary-key updates.
    /// </summary>
    private sealed class Writer(MigrateFollowTests test)
    {
        private readonly Dictionary<int, string> _emails = Enumerable.Range(1, Rows).ToDictionary(i => i, i => $"a{i}@x");
        private readonly List<int> _items = [.. Enumerable.Range(1, Rows)];
        private long _transactions;

        public long Transactions => Interlocked.Read(ref _transactions);

        public async Task RunAsync(CancellationToken stop)
        {
            var random = new Random(7);
            var nextAccount = Rows + 1;
            var nextItem = Rows + 1;
            await using var c = await test.MySql.OpenAsync(CancellationToken.None);
            while (!stop.IsCancellationRequested)
            {
                var ids = _emails.Keys.ToList();
                var a = ids[random.Next(ids.Count)];
                var b = ids[random.Next(ids.Count)];
                if (a == b)
                {
                    continue;
                }

                string sql;
                switch (random.Next(5))
                {
                    case 0:
                        var amount = random.Next(1, 50);
                        sql = $"UPDATE accounts SET balance = balance - {amount} WHERE id = {a}; UPDATE accounts SET balance = balance + {amount} WHERE id = {b};";
                        break;
                    case 1:
                        var id = nextAccount++;
                        sql = $"INSERT INTO accounts VALUES ({id}, 'n{id}@x', 0); UPDATE items SET note = 'for {id}' WHERE id = {_items[random.Next(_items.Count)]};";
                        _emails[id] = $"n{id}@x";
                        break;
                    case 2:
                        // Delete an account after moving its balance away.
                        sql = $"UPDATE accounts SET balance = balance + (SELECT x.balance FROM (SELECT balance FROM accounts WHERE id = {a}) x) WHERE id = {b}; DELETE FROM accounts WHERE id = {a};";
                        _emails.Remove(a);
                        break;
                    case 3:
                        // Swap two unique emails.
                        var (ea, eb) = (_emails[a], _emails[b]);
                        sql = $"UPDATE accounts SET email = 'swap' WHERE id = {a}; UPDATE accounts SET email = '{ea}' WHERE id = {b}; UPDATE accounts SET email = '{eb}' WHERE id = {a};";
                        (_emails[a], _emails[b]) = (eb, ea);
                        break;
                    default:
                        // Move an item to a new primary key (and bump it).
                        var index = random.Next(_items.Count);
                        var to = nextItem++;
                        sql = $"UPDATE items SET id = {to}, v = v + 1 WHERE id = {_items[index]};";
                        _items[index] = to;
                        break;
                }

                await c.ExecuteAsync("START TRANSACTION; " + sql + " COMMIT;", CancellationToken.None);
                Interlocked.Increment(ref _transactions);
                await Task.Delay(2, CancellationToken.None);
            }
        }
    }
}
