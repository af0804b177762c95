using System.Diagnostics;
using System.Globalization;
using Godwit.Cli.Tests.Sync;
using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary>The stream from a PostgreSQL source under load, across kills, when idle, and across a schema change.</summary>
public sealed class PgToPgStreamTests : PgSourceTestBase
{
    private static readonly string[] PgbenchTables = ["public.pgbench_accounts", "public.pgbench_branches", "public.pgbench_tellers", "public.pgbench_history"];

    [Fact]
    public async Task Pgbench_writing_through_the_copy_and_the_stream_with_the_follower_killed_at_random_moments_ends_row_for_row_equal_and_pgbench_sees_no_failed_transaction()
    {
        await PgbenchAsync("-i", "-s", "2", "-q", "--foreign-keys");

        // pgbench_history has no key: its old rows are logged whole (what `godwit assess --fix` would set).
        await SourceDb.ExecuteAsync("ALTER TABLE public.pgbench_history REPLICA IDENTITY FULL");
        var load = StartPgbench("-c", "4", "-j", "2", "-T", "40", "-n");
        var follow = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--follow", "--chunk-rows", "20000"]);
        try
        {
            // Once while copying or just after (the slot's consistent point waits for pgbench's transactions), then
            // twice while streaming, each at a random moment.
            for (var kill = 0; kill < 3; kill++)
            {
                var stage = kill == 0 ? "SELECT count(*) FROM godwit.copy_runs" : "SELECT count(*) FROM godwit.sync_state";
                var running = follow;
                await WaitForAsync(async () => await HasRowsAsync(stage), TimeSpan.FromSeconds(180), $"{stage} to have a row:\n{running.StdErr}");
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 2000)));
                follow.Kill();
                follow.Dispose();
                follow = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--follow"]);
            }

            var (code, output) = await load;
            Assert.True(code == 0, output);
            Assert.Contains("number of failed transactions: 0 ", output, StringComparison.Ordinal);
        }
        finally
        {
            follow.Kill();
            follow.Dispose();
        }

        var sync = await SyncUntilCaughtUpAsync();
        Assert.True(sync.ExitCode == 0, sync.StdErr);
        foreach (var table in PgbenchTables)
        {
            await AssertSameRowsAsync(table);
        }
    }

    [Fact]
    public async Task An_idle_stream_does_not_pin_WAL_its_slot_follows_the_servers_head_while_no_migrated_table_changes()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t VALUES (1)");
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);
        using var sync = SyncProcess.Start(["sync", "--source", Source, "--target", Target]);
        var slot = await SourceDb.ScalarAsync<string>("SELECT slot_name FROM pg_replication_slots WHERE database = current_database() AND NOT temporary");
        Assert.NotNull(slot);

        // WAL the stream has no part in: another database's writes.
        await TargetDb.ExecuteAsync("CREATE TABLE public.noise (x int); INSERT INTO public.noise SELECT generate_series(1, 50000)");
        var head = await SourceDb.ScalarAsync<string>("SELECT pg_current_wal_lsn()::text");

        await WaitForAsync(
            async () => await SourceDb.ScalarAsync<bool>($"SELECT confirmed_flush_lsn >= '{head}'::pg_lsn FROM pg_replication_slots WHERE slot_name = '{slot}'"),
            TimeSpan.FromSeconds(60),
            $"the slot to confirm {head} while idle:\n{sync.StdErr}");
    }

    [Fact]
    public async Task A_column_added_on_the_source_stops_the_stream_before_its_first_row_saying_what_to_run_and_it_resumes_once_the_target_has_it()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id int PRIMARY KEY, a text); INSERT INTO public.t VALUES (1, 'a')");
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);
        await SourceDb.ExecuteAsync("""
            INSERT INTO public.t VALUES (2, 'before');
            ALTER TABLE public.t ADD COLUMN extra numeric(10,2);
            INSERT INTO public.t VALUES (3, 'after', 4.50);
            """);

        var stopped = await SyncUntilCaughtUpAsync();

        var rows = string.Join("; ", (await TargetDb.RowsAsync("SELECT * FROM public.t ORDER BY id")).Select(r => string.Join(",", r)));
        Assert.True(stopped.ExitCode != 0, $"sync exited {stopped.ExitCode}; target rows {rows}:\n{stopped.StdOut}\n{stopped.StdErr}");
        Assert.Contains("ADD COLUMN \"extra\" numeric(10,2)", stopped.StdErr, StringComparison.Ordinal);
        Assert.Equal(0L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.t WHERE id = 3"));
        await TargetDb.ExecuteAsync("ALTER TABLE public.t ADD COLUMN extra numeric(10,2)");
        var resumed = await SyncUntilCaughtUpAsync();
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        await AssertSameRowsAsync("public.t");
    }

    private async Task<bool> HasRowsAsync(string sql)
    {
        try
        {
            return await TargetDb.ScalarAsync<long>(sql) > 0;
        }
        catch (Npgsql.PostgresException)
        {
            // Not made yet.
            return false;
        }
    }

    private async Task PgbenchAsync(params string[] args)
    {
        var (code, output) = await StartPgbench(args);
        Assert.True(code == 0, output);
    }

    private Task<(int Code, string Output)> StartPgbench(params string[] args)
    {
        var server = TestServers.Postgres;
        var psi = new ProcessStartInfo("pgbench")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-h", server.Host, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.User!, .. args, SourceDb.Name])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["PGPASSWORD"] = server.Password ?? string.Empty;
        var process = Process.Start(psi)!;
        return Task.Run(async () =>
        {
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                return (process.ExitCode, await stdout + await stderr);
            }
        });
    }
}
