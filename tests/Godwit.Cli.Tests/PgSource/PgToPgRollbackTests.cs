using Godwit.Cli.Tests.Sync;
using Godwit.Routing;
using Npgsql;
using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary>The way back from PostgreSQL to PostgreSQL: the reverse stream into the frozen old source, then a rollback.</summary>
public sealed class PgToPgRollbackTests : PgSourceTestBase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("godwit-pgrollback-").FullName;

    private string RoutingPath => Path.Combine(_directory, "routing.json");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Writes_on_the_new_primary_reach_the_frozen_old_source_and_a_rollback_switches_back_with_both_sides_equal()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id serial PRIMARY KEY, v text NOT NULL); INSERT INTO public.t (v) SELECT 'seed ' || g FROM generate_series(1, 100) g");
        using (var follow = await StartFollowAsync())
        {
            var cutover = await GodwitAsync("cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath);
            Assert.True(cutover.ExitCode == 0, cutover.StdOut + cutover.StdErr);
        }

        using var back = SyncProcess.Start(["sync", "--reverse", "--source", Source, "--target", Target]);
        await TargetDb.ExecuteAsync("INSERT INTO public.t (v) VALUES ('written on the new primary'); UPDATE public.t SET v = 'changed there' WHERE id = 1; DELETE FROM public.t WHERE id = 2");
        await WaitForAsync(
            async () => await SourceDb.ScalarAsync<long>("SELECT count(*) FROM public.t WHERE v IN ('written on the new primary', 'changed there')") == 2,
            TimeSpan.FromSeconds(60),
            "the reverse stream to apply the new primary's writes:\n" + back.StdErr);

        var rollback = await GodwitAsync("rollback", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--max-lag", "10s");

        Assert.True(rollback.ExitCode == 0, rollback.StdOut + rollback.StdErr + back.StdErr);
        Assert.Equal(RoutingPrimary.Source, RoutingFile.Read(RoutingPath)!.Primary);
        Assert.Equal(3, RoutingFile.Read(RoutingPath)!.Version);
        await SourceDb.ExecuteAsync("INSERT INTO public.t (v) VALUES ('back on the old source')");
        var forward = await SyncUntilCaughtUpAsync();
        Assert.True(forward.ExitCode == 0, forward.StdErr);
        await AssertSameRowsAsync("public.t");

        // The new primary stays frozen for the application after the switch back.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => TargetDb.ExecuteAsync("INSERT INTO public.t (v) VALUES ('too late')"));
        Assert.Equal("25006", refused.SqlState);
    }

    /// <summary>
    /// One <c>migrate --follow</c> process through two cutovers and two rollbacks: after each switch it follows the
    /// database the application writes to (issue #17: the stream turns around by itself), so every write made on
    /// either side, in either phase, is on both sides at the end.
    /// </summary>
    [Fact]
    public async Task A_following_migrate_turns_around_at_every_cutover_and_rollback_and_keeps_both_sides_equal()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id serial PRIMARY KEY, v text NOT NULL); INSERT INTO public.t (v) SELECT 'seed ' || g FROM generate_series(1, 50) g");
        using var follow = await StartFollowAsync();

        for (var round = 1; round <= 2; round++)
        {
            await SourceDb.ExecuteAsync($"INSERT INTO public.t (v) VALUES ('source before cutover {round}')");
            var cutover = await GodwitAsync("cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath);
            Assert.True(cutover.ExitCode == 0, cutover.StdOut + cutover.StdErr + follow.StdErr);

            await TargetDb.ExecuteAsync($"INSERT INTO public.t (v) VALUES ('target after cutover {round}'); UPDATE public.t SET v = 'target changed {round}' WHERE id = {round}");
            await WaitForAsync(
                async () => await SourceDb.ScalarAsync<long>($"SELECT count(*) FROM public.t WHERE v IN ('target after cutover {round}', 'target changed {round}')") == 2,
                TimeSpan.FromSeconds(60),
                $"the follower to turn around and apply the new primary's writes (round {round}):\n" + follow.StdErr);

            var rollback = await GodwitAsync("rollback", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--max-lag", "10s");
            Assert.True(rollback.ExitCode == 0, rollback.StdOut + rollback.StdErr + follow.StdErr);
            Assert.Equal(RoutingPrimary.Source, RoutingFile.Read(RoutingPath)!.Primary);

            await SourceDb.ExecuteAsync($"INSERT INTO public.t (v) VALUES ('source after rollback {round}')");
            await WaitForAsync(
                async () => await TargetDb.ScalarAsync<long>($"SELECT count(*) FROM public.t WHERE v = 'source after rollback {round}'") == 1,
                TimeSpan.FromSeconds(60),
                $"the follower to turn forward again after the rollback (round {round}):\n" + follow.StdErr);
        }

        Assert.False(follow.HasExited, follow.StdErr);
        Assert.Equal(5, RoutingFile.Read(RoutingPath)!.Version);
        await AssertSameRowsAsync("public.t");
        Assert.Equal(50L + (3 * 2), await SourceDb.ScalarAsync<long>("SELECT count(*) FROM public.t"));
    }

    /// <summary>
    /// A guarded cutover's verify trigger finds a row that differs between the new primary and the old source (here
    /// changed on the old source behind the reverse stream's back): switching back would lose that row's value, so the
    /// guard does not roll back; it says why (exit 2, its report, status) and the target stays the primary.
    /// </summary>
    [Fact]
    public async Task A_guarded_cutover_whose_verify_finds_the_source_different_refuses_to_roll_back_and_says_why()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id serial PRIMARY KEY, v text NOT NULL); INSERT INTO public.t (v) SELECT 'seed ' || g FROM generate_series(1, 50) g");
        using var follow = await StartFollowAsync("--no-reverse");

        var guarded = Task.Run(() => GodwitProcess.RunAsync(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--guard", "2m", "--guard-verify", "1s", "--json"]));
        await WaitForAsync(
            () => Task.FromResult(guarded.IsCompleted || RoutingFile.Read(RoutingPath)?.Primary == RoutingPrimary.Target),
            TimeSpan.FromSeconds(120),
            "the switch");
        Assert.False(guarded.IsCompleted, guarded.IsCompleted ? (await guarded).StdOut + (await guarded).StdErr : null);
        await TargetDb.ExecuteAsync("INSERT INTO public.t (v) VALUES ('on the new primary')");
        // Once the forward stream has stopped at the switch (--no-reverse), a change on the old source behind the reverse
        // stream's back, through Godwit's own bypass of its freeze.
        await WaitForAsync(() => Task.FromResult(follow.HasExited), TimeSpan.FromSeconds(60), "the forward stream to stop at the switch:\n" + follow.StdErr);
        await SourceDb.ExecuteAsync("SET godwit.apply = 'on'; UPDATE public.t SET v = 'changed on the old source only' WHERE id = 7");

        var run = await guarded;

        Assert.True(run.ExitCode == 2, run.StdOut + run.StdErr);
        Assert.Contains("\"trigger\":\"verify\"", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("1 rows differ between the target and the source in public.t", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("decision: no rollback", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(RoutingPrimary.Target, RoutingFile.Read(RoutingPath)!.Primary);
        var status = await GodwitAsync("status", "--target", Target);
        Assert.Contains("no rollback, the source differs from the target", status.StdOut, StringComparison.Ordinal);
    }

    /// <summary>
    /// The two directions never run at once (on PostgreSQL nothing tags what a stream applies, so each would read the
    /// other's writes back): a reverse stream started while the forward stream runs waits for it, then refuses.
    /// </summary>
    [Fact]
    public async Task A_reverse_stream_does_not_start_while_the_forward_stream_runs()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id serial PRIMARY KEY, v text NOT NULL); INSERT INTO public.t (v) VALUES ('seed')");
        using var follow = await StartFollowAsync();

        var reverse = await GodwitAsync("sync", "--reverse", "--source", Source, "--target", Target);

        Assert.Equal(ExitCode.Error, reverse.ExitCode);
        Assert.Contains("(the other direction) is still applied by another godwit process", reverse.StdErr, StringComparison.Ordinal);
        Assert.False(follow.HasExited, follow.StdErr);
    }

    /// <summary>Starts <c>migrate --follow --routing-file</c> (with <paramref name="extra"/>) and waits until its stream applies.</summary>
    private async Task<SyncProcess> StartFollowAsync(params string[] extra)
    {
        var follow = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--follow", .. extra, "--routing-file", RoutingPath]);
        await WaitForAsync(
            async () => File.Exists(RoutingPath) && await TargetDb.ScalarAsync<long>("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'godwit' AND tablename = 'sync_state'") == 1
                && await TargetDb.ScalarAsync<long>("SELECT count(*) FROM godwit.sync_state WHERE status IN ('running', 'caught-up')") == 1,
            TimeSpan.FromSeconds(60),
            "the stream to start:\n" + follow.StdErr);
        return follow;
    }
}
