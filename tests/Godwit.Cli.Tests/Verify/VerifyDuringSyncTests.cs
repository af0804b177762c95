using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Sync;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.Core.Verify;
using Godwit.Providers;
using Xunit.Abstractions;

namespace Godwit.Cli.Tests.Verify;

/// <summary>
/// <c>godwit verify</c> while <c>godwit sync</c> streams: before each chunk verify waits until the stream has applied
/// the source's binlog head (<see cref="Godwit.Core.Verify.StreamCatchUp"/>), so an application writing all the while causes no
/// false differences, and a change made on the target behind the stream's back is still found.
/// </summary>
public sealed class VerifyDuringSyncTests(ITestOutputHelper output) : VerifyTestBase
{
    private const int Rows = 20000;

    /// <summary>Rows the writer never touches (ids 1 to 10): what the tests change on the target directly.</summary>
    private const int Untouched = 10;

    private static readonly string Tables = $"""
        CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(200) NOT NULL, balance BIGINT NOT NULL, note VARCHAR(40));
        INSERT INTO accounts SELECT seq, CONCAT('a', seq, '@x'), 1000, NULL FROM seq_1_to_{Rows};
        CREATE TABLE tags (name VARCHAR(20) PRIMARY KEY, n INT NOT NULL);
        INSERT INTO tags SELECT CONCAT('t', seq), 0 FROM seq_1_to_200;
        """;

    private uint ServerId { get; } = (uint)Random.Shared.Next(0x50000000, 0x7FFFFFFF);

    [Fact]
    public async Task Verify_while_the_stream_applies_a_concurrent_writer_reports_no_false_differences_but_still_finds_a_change_made_on_the_target()
    {
        await MigrateAsync();
        using var stop = new CancellationTokenSource();
        var stream = StartStream(stop.Token);
        var writer = new Writer(this);
        var writing = Task.Run(() => writer.RunAsync(stop.Token));
        try
        {
            await WaitForAsync(async () => writer.Transactions > 20 && await RowsAppliedAsync() > 20, TimeSpan.FromSeconds(15), "the writer and the stream to run");

            foreach (var mode in new[] { "rows", "checksum" })
            {
                var before = writer.Transactions;
                var run = await VerifyAsync("--mode", mode, "--chunk-rows", "1000", "--recheck", "500ms", "--restart", "--json");
                output.WriteLine($"verify --mode {mode} during sync ({writer.Transactions - before} writes meanwhile):\n{run.StdErr}\n{run.StdOut}");

                Assert.True(run.ExitCode == 0, $"verify --mode {mode} during sync exited {run.ExitCode}:\n{run.StdOut}\n{run.StdErr}");
                Assert.Contains("waiting for the change stream to pass ", run.StdErr, StringComparison.Ordinal);
                AssertNoDifferences(Json(run));
                Assert.True(writer.Transactions > before + 20, $"the writer did not write during verify --mode {mode} ({writer.Transactions - before} transactions)");
                Assert.False(stream.IsCompleted, $"the stream ended during verify --mode {mode}");
            }

            // A change behind the stream's back, on a row the writer does not touch: still a difference while syncing.
            await PgExecuteAsync($"UPDATE {Pg("accounts")} SET balance = balance + 1 WHERE id = 5");
            var tampered = await VerifyAsync("--mode", "checksum", "--chunk-rows", "1000", "--recheck", "500ms", "--restart", "--json");

            Assert.True(tampered.ExitCode == 2, $"verify exited {tampered.ExitCode}, not 2:\n{tampered.StdOut}\n{tampered.StdErr}");
            var accounts = TableOf(Json(tampered), "accounts");
            Assert.Equal(1, accounts.GetProperty("different").GetInt64());
            Assert.Equal(0, accounts.GetProperty("missing_on_target").GetInt64() + accounts.GetProperty("extra_on_target").GetInt64());
            var difference = accounts.GetProperty("differences").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "different");
            Assert.Contains("5", difference.GetProperty("key").GetString()!, StringComparison.Ordinal);
            Assert.Equal("balance", difference.GetProperty("columns").EnumerateArray().Single().GetProperty("column").GetString());

            // However fast the verifies were, the writer writes on until it has written enough to matter.
            await WaitForAsync(() => Task.FromResult(writer.Transactions > 200), TimeSpan.FromSeconds(60), "the writer to pass 200 transactions");
        }
        finally
        {
            await stop.CancelAsync();
            await writing;
            Assert.Equal(SyncOutcome.Stopped, await stream);
        }

        Assert.True(writer.Transactions > 200, $"only {writer.Transactions} writes");
    }

    [Fact]
    public async Task Verify_waits_for_a_stream_held_back_on_the_target_instead_of_reporting_its_backlog_as_differences()
    {
        await MigrateAsync();
        using var stop = new CancellationTokenSource();
        var stream = StartStream(stop.Token);
        try
        {
            var head = await SourceHeadAsync();
            await WaitForAsync(async () => await AppliedOrNullAsync() is { } applied && Order(applied).CompareTo(Order(head)) >= 0, TimeSpan.FromSeconds(15), "the stream to start");

            // The stream cannot apply to accounts while this lock is held (reads can).
            await using var pg = await Postgres.OpenAsync();
            await using var transaction = await pg.BeginTransactionAsync();
            await using (var cmd = new Npgsql.NpgsqlCommand($"LOCK TABLE {Pg("accounts")} IN SHARE MODE", pg, transaction))
            {
                await cmd.ExecuteNonQueryAsync();
            }

            await MySqlExecuteAsync("UPDATE accounts SET balance = 1 WHERE id = 3");

            // Without waiting, the backlog is a difference (no re-check to classify it).
            var noWait = await VerifyAsync("--mode", "rows", "--recheck", "off", "--no-wait-for-sync", "--json");
            Assert.True(noWait.ExitCode == 2, $"verify --no-wait-for-sync exited {noWait.ExitCode}, not 2:\n{noWait.StdOut}\n{noWait.StdErr}");
            Assert.Equal(1, TableOf(Json(noWait), "accounts").GetProperty("different").GetInt64());

            var waiting = VerifyAsync("--mode", "rows", "--recheck", "off", "--json");
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(waiting.IsCompleted, "verify did not wait for the stream");
            await transaction.CommitAsync();
            var run = await waiting;

            Assert.True(run.ExitCode == 0, $"verify exited {run.ExitCode}:\n{run.StdOut}\n{run.StdErr}");
            AssertNoDifferences(Json(run));
            Assert.Equal(0, TableOf(Json(run), "accounts").GetProperty("unsettled").GetInt64());
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(SyncOutcome.Stopped, await stream);
        }
    }

    [Fact]
    public async Task After_sync_until_caught_up_on_an_idle_source_the_applied_position_is_the_source_head_and_verify_does_not_wait()
    {
        await MigrateAsync();
        await MySqlExecuteAsync("START TRANSACTION; UPDATE accounts SET balance = 7 WHERE id = 1; INSERT INTO tags VALUES ('new', 1); COMMIT;");
        var head = await SourceHeadAsync();

        var sync = await CliRun.InvokeAsync(["sync", "--source", Source, "--target", Target, "--until-caught-up", "--server-id", ServerId.ToString(CultureInfo.InvariantCulture)]);

        Assert.True(sync.ExitCode == 0, $"sync exited {sync.ExitCode}:\n{sync.StdOut}\n{sync.StdErr}");
        var applied = await AppliedAsync();
        // Other tests may write to the shared server meanwhile, so the head can only have moved on: at least the head read before.
        Assert.True(Order(applied).CompareTo(Order(head)) >= 0, $"sync_state holds {applied}, behind the source head {head} it was started after");
        var source = ProviderRegistry.Source(MySql.Uri);
        await using (var catchUp = new StreamCatchUp(source.Control(_ => { }), ProviderRegistry.Target(Postgres.Uri).Control(), source.Codec, Schema, _ => { }))
        {
            Assert.True(await catchUp.WaitUntilAppliedAsync(head, TimeSpan.FromSeconds(5), CancellationToken.None));
        }

        // The stream has exited ("caught-up" in sync_state, nothing running): a later source change is not waited for
        // chunk after chunk; it is what the target lacks.
        await MySqlExecuteAsync("INSERT INTO accounts VALUES (99999, 'late@x', 1, NULL)");
        var started = DateTime.UtcNow;
        var run = await VerifyAsync("--mode", "rows", "--recheck", "off", "--wait-for-sync", "3s", "--json");

        Assert.True(run.ExitCode == 2, $"verify exited {run.ExitCode}, not 2:\n{run.StdOut}\n{run.StdErr}");
        Assert.Equal(1, TableOf(Json(run), "accounts").GetProperty("missing_on_target").GetInt64());
        Assert.Contains("is it running?", run.StdErr, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "verify stalled on the stream that is not running");

        var noWait = await VerifyAsync("--mode", "count", "--no-wait-for-sync", "--json");
        Assert.DoesNotContain("waiting for the change stream", noWait.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, noWait.ExitCode);
    }

    private async Task MigrateAsync()
    {
        await MySqlExecuteAsync(Tables);
        var migrate = await CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target]);
        Assert.True(migrate.ExitCode == 0, $"migrate exited {migrate.ExitCode}:\n{migrate.StdOut}\n{migrate.StdErr}");

        var verify = await VerifyAsync("--mode", "count", "--json");
        Assert.True(verify.ExitCode == 0, $"verify before sync exited {verify.ExitCode}:\n{verify.StdOut}\n{verify.StdErr}");
        Assert.DoesNotContain("waiting for the change stream", verify.StdErr, StringComparison.Ordinal);
    }

    /// <summary><c>godwit sync</c> in-process until cancelled (what <c>migrate --follow</c> runs after the copy).</summary>
    private Task<SyncOutcome> StartStream(CancellationToken stop)
    {
        var options = new SyncRunOptions
        {
            Source = ConnectionUri.Parse(Source),
            Target = ConnectionUri.Parse(Target),
            Spec = new MigrationSpec(),
            ServerId = ServerId,
        };
        return Task.Run(() => StreamEndpoints.Engine(options, new SyncMetrics(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).RunAsync(stop), CancellationToken.None);
    }

    private static void AssertNoDifferences(JsonElement report)
    {
        foreach (var table in report.GetProperty("tables").EnumerateArray())
        {
            var name = table.GetProperty("table").GetString();
            Assert.True(table.GetProperty("equal").GetBoolean(), $"{name} is not equal: {table}");
            foreach (var kind in new[] { "missing_on_target", "extra_on_target", "different" })
            {
                Assert.True(table.GetProperty(kind).GetInt64() == 0, $"{name}: {kind} {table.GetProperty(kind).GetInt64()}: {table}");
            }

            // Unsettled rows are allowed (a row the writer changed between the two passes) but should be rare.
            Assert.True(table.GetProperty("unsettled").GetInt64() <= 20, $"{name}: too many unsettled rows: {table}");
        }
    }

    private async Task<string> SourceHeadAsync()
    {
        await using var c = await MySql.OpenAsync();
        await using var r = await c.QueryAsync("SHOW MASTER STATUS", CancellationToken.None);
        Assert.True(await r.ReadAsync(CancellationToken.None));
        var head = $"{r.GetString(0)}:{r.GetString(1)}";
        while (await r.ReadAsync(CancellationToken.None))
        {
        }

        return head;
    }

    private async Task<string> AppliedAsync()
    {
        await using var c = await Postgres.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"SELECT binlog_file || ':' || binlog_pos FROM godwit.sync_state WHERE stream = '{Schema}'", c);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<string?> AppliedOrNullAsync()
    {
        try
        {
            var rows = await PgCountAsync($"SELECT count(*) FROM godwit.sync_state WHERE stream = '{Schema}' AND binlog_pos IS NOT NULL");
            return rows == 0 ? null : await AppliedAsync();
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == "42P01")
        {
            return null;
        }
    }

    private async Task<long> RowsAppliedAsync()
    {
        try
        {
            return await PgCountAsync($"SELECT coalesce(sum(rows_applied), 0) FROM godwit.sync_state WHERE target_schema = '{Schema}'");
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == "42P01")
        {
            return 0; // the stream has not created its table yet
        }
    }

    private static (long File, long Pos) Order(string position)
    {
        var colon = position.LastIndexOf(':');
        var file = position[..colon];
        return (long.Parse(file[(file.LastIndexOf('.') + 1)..], CultureInfo.InvariantCulture), long.Parse(position[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>An application writing small transactions: transfers, inserts, deletes, and updates of the string-keyed table.</summary>
    private sealed class Writer(VerifyDuringSyncTests test)
    {
        private long _transactions;

        public long Transactions => Interlocked.Read(ref _transactions);

        public async Task RunAsync(CancellationToken stop)
        {
            var random = new Random(11);
            var live = Enumerable.Range(Untouched + 1, Rows - Untouched).ToList();
            var next = Rows + 1;
            await using var c = await test.MySql.OpenAsync(CancellationToken.None);
            while (!stop.IsCancellationRequested)
            {
                var a = live[random.Next(live.Count)];
                var b = live[random.Next(live.Count)];
                string sql;
                switch (random.Next(5))
                {
                    case 0:
                        var amount = random.Next(1, 50);
                        sql = $"UPDATE accounts SET balance = balance - {amount} WHERE id = {a}; UPDATE accounts SET balance = balance + {amount}, note = 'from {a}' WHERE id = {b};";
                        break;
                    case 1:
                        var id = next++;
                        sql = $"INSERT INTO accounts VALUES ({id}, 'n{id}@x', 0, 'new');";
                        live.Add(id);
                        break;
                    case 2:
                        sql = $"DELETE FROM accounts WHERE id = {a};";
                        live.Remove(a);
                        break;
                    case 3:
                        sql = $"UPDATE tags SET n = n + 1 WHERE name = 't{random.Next(1, 201)}'; UPDATE accounts SET email = CONCAT('u', email) WHERE id = {a};";
                        break;
                    default:
                        sql = $"INSERT INTO tags VALUES ('w{next++}', 1); DELETE FROM tags WHERE name = 'w{next - 30}';";
                        break;
                }

                await c.ExecuteAsync("START TRANSACTION; " + sql + " COMMIT;", CancellationToken.None);
                Interlocked.Increment(ref _transactions);
                await Task.Delay(2, CancellationToken.None);
            }
        }
    }
}
