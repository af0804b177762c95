using Godwit.Cli.Cutover;
using Godwit.Cli.Tests.Sync;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;
using Godwit.Demo.Ledger;
using Godwit.Demo.Seeding;
using Godwit.Demo.Traffic;
using Godwit.Routing;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Cli.Tests.Cutover;

/// <summary>
/// The demo's booking app writes continuously through the routing file (bookings, confirmations with payments,
/// cancellations deleting payments) while the cutover runs; afterwards every acknowledged write must be on the
/// target exactly once, and no write may have failed for good. The abort paths must leave the source writable
/// and lose nothing either.
/// </summary>
public sealed class CutoverUnderTrafficTests : CutoverTestBase
{
    private CancellationTokenSource? _stopTraffic;
    private Task<TrafficReport>? _traffic;

    private string LedgerPath => Path.Combine(Directory, "ledger.jsonl");

    public override async Task DisposeAsync()
    {
        _stopTraffic?.Cancel();
        if (_traffic is not null)
        {
            await Task.WhenAny(_traffic, Task.Delay(TimeSpan.FromSeconds(30)));
        }

        _stopTraffic?.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_cutover_under_live_traffic_switches_and_every_acknowledged_write_is_on_the_target_exactly_once()
    {
        await StartAsync();

        var report = await CutOverAsync(Options());
        await WaitForAcknowledgementsAsync(RoutingPrimary.Target, 60);
        var traffic = await StopTrafficAsync();

        Assert.True(report.Result == CutoverReport.Switched, report.AbortReason);
        // The freeze's length is a benchmark (bench/cutover.sh), not an assertion: a loaded machine only makes it longer.
        Assert.True(report.FreezeMs > 0, $"freeze_ms {report.FreezeMs}");
        Assert.True(await SourceReadOnlyAsync());
        Assert.Equal(0, traffic.Failed);
        Assert.True(traffic.AcknowledgedOnSource > 0 && traffic.AcknowledgedOnTarget > 0, $"source {traffic.AcknowledgedOnSource}, target {traffic.AcknowledgedOnTarget}");
        await AssertLedgerHoldsAsync(checkSource: true);
    }

    /// <summary>
    /// An app writing as an account with ALL PRIVILEGES (read_only does not stop it), following the routing file
    /// eagerly (every 20 ms) or lazily (once a second), several times each: the cutover switches, every acknowledged
    /// write is on the target exactly once, and no write is acknowledged by the old source after the switch. (Without
    /// the table lock such a writer goes on committing on the source after the freeze.)
    /// </summary>
    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(false, 3)]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    [InlineData(true, 3)]
    public async Task A_cutover_under_an_admin_account_writer_loses_no_acknowledged_write(bool lazy, int round)
    {
        _ = round;
        var admin = "gwadm_" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await MySql.ExecuteAsync($"CREATE USER '{admin}'@'%' IDENTIFIED BY 'adm-pw'; GRANT ALL PRIVILEGES ON *.* TO '{admin}'@'%'");
        try
        {
            var adminSource = ConnectionUri.Parse($"mysql://{admin}:adm-pw@{MySql.Uri.Host}:{MySql.Uri.Port}/{MySql.Name}");
            await StartAsync(adminSource, lazy ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(20));

            var report = await CutOverAsync(Options());

            // The table lock holds the admin account too, so the cutover has no reason to abort.
            Assert.True(report.Result == CutoverReport.Switched, report.AbortReason);
            await WaitForAcknowledgementsAsync(RoutingPrimary.Target, 60);
            var traffic = await StopTrafficAsync();
            Assert.Equal(0, traffic.Failed);
            var switchedAt = File.GetLastWriteTimeUtc(RoutingPath);
            var late = TrafficLedger.Read(LedgerPath).Where(e => e.Acknowledged && e.Primary == RoutingPrimary.Source && e.At.UtcDateTime > switchedAt).ToList();
            Assert.True(late.Count == 0, $"{late.Count} writes acknowledged by the old source after the switch, e.g. {late.FirstOrDefault()?.Reference}");
            await AssertLedgerHoldsAsync(checkSource: true);
        }
        finally
        {
            await MySql.ExecuteAsync($"DROP USER IF EXISTS '{admin}'@'%'");
        }
    }

    /// <summary>
    /// The way back under the app's traffic: a cutover that prepares the reverse stream, the reverse stream applying the
    /// app's writes on PostgreSQL to MySQL, then a rollback that freezes PostgreSQL, drains the reverse stream and
    /// switches the routing file back (version 3); the forward stream then follows MySQL again. Every acknowledged
    /// write is on both databases exactly once, wherever it was acknowledged. With <paramref name="adminAccount"/> the
    /// app writes to MySQL as an account read_only does not stop (and to PostgreSQL as a superuser either way).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cutover_then_a_rollback_under_live_traffic_lose_no_acknowledged_write_on_either_side(bool adminAccount)
    {
        var admin = "gwadm_" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (adminAccount)
        {
            await MySql.ExecuteAsync($"CREATE USER '{admin}'@'%' IDENTIFIED BY 'adm-pw'; GRANT ALL PRIVILEGES ON *.* TO '{admin}'@'%'");
        }

        try
        {
            await RoundTripAsync(adminAccount ? ConnectionUri.Parse($"mysql://{admin}:adm-pw@{MySql.Uri.Host}:{MySql.Uri.Port}/{MySql.Name}") : null);
        }
        finally
        {
            await MySql.ExecuteAsync($"DROP USER IF EXISTS '{admin}'@'%'");
        }
    }

    private async Task RoundTripAsync(ConnectionUri? appSource)
    {
        await StartAsync(appSource);
        var reverse = ReverseEndpoints.Prepare(
            Postgres.Uri, Schema, MySql.Uri, MySql.Uri.Database!, ReverseEndpoints.ReverseSpec(MySql.Uri, new Core.Specs.MigrationSpec()), ReverseStream.NameFor(Schema), MySql.Uri);

        var cutover = await CutOverAsync(Options() with { Reverse = reverse });
        Assert.True(cutover.Result == CutoverReport.Switched, cutover.AbortReason);
        Assert.Equal(CutoverStepResult.Ok, cutover.Steps.Single(s => s.Name == CutoverStep.ReverseStream).Status);
        // The reverse stream, killed once while the app writes on PostgreSQL and started again: its position commits
        // with its rows on MySQL, so it resumes without losing or repeating a transaction.
        var back = SyncProcess.Start(["sync", "--reverse", "--source", Source, "--target", Target]);
        await WaitForReverseRunningAsync(back);
        await WaitForAcknowledgementsAsync(RoutingPrimary.Target, 50);
        back.Kill();
        back.Dispose();
        back = SyncProcess.Start(["sync", "--reverse", "--source", Source, "--target", Target]);
        using var running = back;
        await WaitForReverseRunningAsync(back);
        await WaitForAcknowledgementsAsync(RoutingPrimary.Target, 50);

        var rollback = await CliRun.InvokeAsync(
            ["rollback", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--max-lag", "10s", "--grace", "1s", "--json"]);
        Assert.True(rollback.ExitCode == 0, rollback.StdOut + rollback.StdErr + back.StdErr);
        Assert.Equal(RoutingPrimary.Source, Routing().Primary);
        Assert.Equal(3, Routing().Version);
        Assert.False(await SourceReadOnlyAsync());
        await WaitForAcknowledgementsAsync(RoutingPrimary.Source, 60);
        var traffic = await StopTrafficAsync();

        // The reverse stream stops by itself once the switch back is recorded; the forward stream follows the source again.
        await WaitForAsync(() => Task.FromResult(back.HasExited), TimeSpan.FromSeconds(30), "the reverse stream to stop after the rollback:\n" + back.StdErr);
        var forward = await CliRun.InvokeAsync(["sync", "--source", Source, "--target", Target, "--until-caught-up", "--server-id", ServerId]);
        Assert.True(forward.ExitCode == 0, forward.StdErr);
        Assert.Equal(0, traffic.Failed);
        await AssertLedgerHoldsOnBothAsync();
    }

    /// <summary>
    /// kill -9 of <c>godwit rollback</c> before each of its steps, while the app writes on PostgreSQL: each time
    /// <c>rollback --abort</c> undoes what the killed run left (the target writable again, the routing file unchanged),
    /// or, killed after its switch, records the switch it made. The `migrate --follow` beside it keeps the reverse
    /// stream running throughout and turns forward after the switch back; no acknowledged write is lost or doubled.
    /// </summary>
    [Fact]
    public async Task A_rollback_killed_before_each_of_its_steps_is_undone_or_finished_by_rollback_abort_and_no_acknowledged_write_is_lost()
    {
        await CutOverWithTheFollowerTurningAroundAsync();

        string[] rollback = ["rollback", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--max-lag", "10s", "--grace", "1s"];
        string[] steps = [CutoverStep.Gates, CutoverStep.Freeze, CutoverStep.Drain, CutoverStep.Sequences, CutoverStep.FinalCheck, CutoverStep.ReverseStream, CutoverStep.Switch, CutoverStep.Hold];
        foreach (var step in steps)
        {
            using (var killed = SyncProcess.Start(rollback, new Dictionary<string, string> { [ConsoleCutoverObserver.PauseVariable] = step }))
            {
                await WaitForAsync(
                    () => Task.FromResult(killed.HasExited || killed.StdErr.Contains($"paused before {step}", StringComparison.Ordinal)),
                    TimeSpan.FromSeconds(120),
                    $"the rollback to reach {step}");
                Assert.False(killed.HasExited, $"the rollback ended before {step}:\n{killed.StdErr}");
                killed.Kill();
            }

            var abort = await CliRun.InvokeAsync([.. rollback, "--abort"]);
            Assert.True(abort.ExitCode == 0, $"rollback --abort after a kill before {step}: {abort.StdOut}{abort.StdErr}");
            if (step != CutoverStep.Hold)
            {
                // Not switched: the application stays on the target, which takes its writes again.
                Assert.Equal(RoutingPrimary.Target, Routing().Primary);
                await WaitForAcknowledgementsAsync(RoutingPrimary.Target, 20);
            }
            else
            {
                Assert.Contains("recorded as switched", abort.StdOut, StringComparison.Ordinal);
            }
        }

        Assert.Equal(RoutingPrimary.Source, Routing().Primary);
        Assert.False(await SourceReadOnlyAsync());
        await AssertBackOnTheSourceWithEveryWriteOnBothAsync();
    }

    /// <summary>
    /// A transaction left open on PostgreSQL when a rollback starts (a batch job, an idle-in-transaction session): the
    /// freeze waits for it for --grace, then ends its session, so the rollback neither hangs behind it nor lets it
    /// commit on the old primary after the switch. Its change is on neither database; every acknowledged write is.
    /// </summary>
    [Fact]
    public async Task A_long_transaction_on_postgresql_at_a_rollback_is_ended_after_the_grace_and_its_change_reaches_neither_side()
    {
        await CutOverWithTheFollowerTurningAroundAsync();

        await using var batch = await Godwit.Postgres.PgConnectionFactory.OpenAsync(Postgres.Uri, pooled: false, CancellationToken.None);
        await using (var begin = new NpgsqlCommand($"BEGIN; UPDATE \"{Schema}\".customers SET full_name = 'uncommitted batch' WHERE id = 1", batch))
        {
            await begin.ExecuteNonQueryAsync();
        }

        var rollback = await CliRun.InvokeAsync(["rollback", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--max-lag", "10s", "--grace", "2s", "--json"]);

        Assert.True(rollback.ExitCode == 0, rollback.StdOut + rollback.StdErr);
        Assert.Contains("session(s) that held writes", rollback.StdErr, StringComparison.Ordinal);
        await using (var commit = new NpgsqlCommand("COMMIT", batch))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => commit.ExecuteNonQueryAsync());
        }

        Assert.Equal(RoutingPrimary.Source, Routing().Primary);
        await WaitForAcknowledgementsAsync(RoutingPrimary.Source, 40);
        var traffic = await StopTrafficAsync();
        await WaitCaughtUpAsync();
        Assert.Equal("0", await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".customers WHERE full_name = 'uncommitted batch'"));
        Assert.Equal("0", (await MySqlRowsAsync("SELECT COUNT(*) FROM customers WHERE full_name = 'uncommitted batch'")).Single()[0]);
        Assert.Equal(0, traffic.Failed);
        await AssertLedgerHoldsOnBothAsync();
    }

    /// <summary>
    /// A guarded cutover watches after its switch and rolls back by itself when a trigger fires: here the operator's
    /// --guard-command starts failing (as a check of the application's error rate would) while the app writes on
    /// PostgreSQL. The guard runs the reverse stream itself, so nothing the app wrote there is lost on the way back.
    /// The `migrate --follow` beside it turns around at both switches: whichever of the two takes the reverse stream
    /// first applies it, the other gives way, and after the rollback the follower streams forward again by itself.
    /// </summary>
    [Fact]
    public async Task A_guarded_cutover_rolls_back_by_itself_when_its_guard_command_fails_and_no_acknowledged_write_is_lost()
    {
        await StartAsync(turnaround: true);
        var alarm = Path.Combine(Directory, "error-rate-too-high");
        var guarded = Task.Run(() => CliRun.InvokeAsync(
        [
            "cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--max-lag", "10s", "--grace", "1s",
            "--guard", "5m", "--guard-command", $"test ! -e '{alarm}'", "--json",
        ]));
        await WaitForAsync(() => Task.FromResult(guarded.IsCompleted || (File.Exists(RoutingPath) && Routing().Primary == RoutingPrimary.Target)), TimeSpan.FromSeconds(120), "the switch");
        if (guarded.IsCompleted)
        {
            var early = await guarded;
            Assert.Fail("the guarded cutover ended before its guard: " + early.StdOut + early.StdErr);
        }

        await WaitForAcknowledgementsAsync(RoutingPrimary.Target, 60);

        await File.WriteAllTextAsync(alarm, "the application's error rate is above its limit");
        var run = await guarded.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 3, run.StdOut + run.StdErr);
        Assert.Contains("\"trigger\":\"guard-command\"", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("trigger guard-command fired", run.StdErr, StringComparison.Ordinal);

        // The guard's trigger, decision and action are in the cutover's record: status shows them from anywhere.
        var status = await CliRun.InvokeAsync(["status", "--target", Target, "--json"]);
        Assert.True(status.ExitCode == 0, status.StdErr);
        var guard = System.Text.Json.JsonDocument.Parse(status.StdOut).RootElement.GetProperty("streams").EnumerateArray()
            .Single(s => s.GetProperty("stream").GetString() == Schema).GetProperty("guard");
        Assert.Equal("rolled-back", guard.GetProperty("state").GetString());
        Assert.Equal("guard-command", guard.GetProperty("trigger").GetString());
        Assert.StartsWith("rolled back", guard.GetProperty("action").GetString(), StringComparison.Ordinal);
        var text = await CliRun.InvokeAsync(["status", "--target", Target]);
        Assert.Contains("rolled-back: trigger guard-command", text.StdOut, StringComparison.Ordinal);
        Assert.Equal(RoutingPrimary.Source, Routing().Primary);
        Assert.Equal(3, Routing().Version);
        await AssertBackOnTheSourceWithEveryWriteOnBothAsync();
    }

    [Fact]
    public async Task Lag_that_never_drains_aborts_the_cutover_and_the_source_is_writable_with_nothing_lost()
    {
        await StartAsync();
        await using var blocker = await Postgres.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        var observer = new RecordingObserver().Before(CutoverStep.Freeze, async () =>
        {
            // The stream cannot apply bookings any more; wait until the app has written some after that point.
            await using (var command = new NpgsqlCommand($"LOCK TABLE \"{Schema}\".bookings IN ACCESS EXCLUSIVE MODE", blocker, hold))
            {
                await command.ExecuteNonQueryAsync();
            }

            var locked = await SourcePositionAsync();
            await WaitForAsync(async () => Order(await SourcePositionAsync()).CompareTo(Order(locked)) > 0, TimeSpan.FromSeconds(30), "a write after the lock");
        });

        var reverse = ReverseEndpoints.Prepare(
            Postgres.Uri, Schema, MySql.Uri, MySql.Uri.Database!, ReverseEndpoints.ReverseSpec(MySql.Uri, new Core.Specs.MigrationSpec()), ReverseStream.NameFor(Schema), MySql.Uri);
        var report = await CutOverAsync(Options(freezeTimeout: TimeSpan.FromSeconds(2)) with { Reverse = reverse }, observer);
        await hold.RollbackAsync();

        Assert.Equal(CutoverReport.Aborted, report.Result);
        Assert.Contains("did not apply the frozen position", report.AbortReason, StringComparison.Ordinal);

        // The reverse stream's slot, made at the last gate, goes with the aborted cutover: it would keep the target's WAL.
        Assert.Equal("0", await PgScalarAsync("SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"));
        Assert.Equal(CutoverStepResult.Failed, observer.Steps.Single(s => s.Name == CutoverStep.Drain).Status);
        Assert.True(report.SourceWritable);
        await AssertSourceKeepsTheApplicationAsync();
    }

    [Fact]
    public async Task The_target_going_down_at_the_switch_aborts_the_cutover_and_the_source_is_writable_with_nothing_lost()
    {
        await StartAsync();
        await using var relay = new TcpRelay(Postgres.Uri.Host, Postgres.Uri.Port);
        var target = Postgres.Uri;
        var throughRelay = ConnectionUri.Parse($"postgresql://{target.User}:{target.Password}@127.0.0.1:{relay.Port}/{target.Database}");
        var observer = new RecordingObserver().Before(CutoverStep.Switch, () =>
        {
            relay.Cut();
            return Task.CompletedTask;
        });

        var report = await CutOverAsync(Options(target: throughRelay), observer);

        Assert.Equal(CutoverReport.Aborted, report.Result);
        Assert.Contains("the target does not take writes at the switch", report.AbortReason, StringComparison.Ordinal);
        Assert.Equal(CutoverStepResult.Failed, observer.Steps.Single(s => s.Name == CutoverStep.Switch).Status);
        Assert.True(report.SourceWritable);
        await AssertSourceKeepsTheApplicationAsync();
    }

    /// <summary>The demo's database, the stream, and the app writing; returns once the source has acknowledged writes.</summary>
    private async Task StartAsync(ConnectionUri? appSource = null, TimeSpan? routingPoll = null, bool turnaround = false)
    {
        await DemoDatabase.CreateAsync(MySql.Uri, scale: 1, seed: 7, CancellationToken.None);
        await StartFollowAsync(turnaround);
        await WaitCaughtUpAsync();
        _stopTraffic = new CancellationTokenSource();
        var traffic = new BookingTraffic(new BookingTrafficOptions
        {
            RoutingFile = RoutingPath,
            Source = appSource ?? AppSource,
            Target = Postgres.Uri,
            TargetSchema = Schema,
            LedgerPath = LedgerPath,
            RoutingPollInterval = routingPoll ?? TimeSpan.FromMilliseconds(20),
            Rate = 150,
            Workers = 4,
            Seed = 11,
        });
        _traffic = Task.Run(() => traffic.RunAsync(_stopTraffic.Token));
        await WaitForAcknowledgementsAsync(RoutingPrimary.Source, 50);
    }

    private async Task WaitForAcknowledgementsAsync(RoutingPrimary primary, int count)
    {
        var before = Acknowledged(primary);
        await WaitForAsync(
            () => Task.FromResult(_traffic!.IsCompleted || Acknowledged(primary) >= before + count),
            TimeSpan.FromSeconds(60),
            $"{count} writes acknowledged by the {primary}");
        Assert.False(_traffic!.IsCompleted, "the traffic stopped early");
    }

    private int Acknowledged(RoutingPrimary primary) =>
        File.Exists(LedgerPath) ? TrafficLedger.Read(LedgerPath).Count(e => e.Acknowledged && e.Primary == primary) : 0;

    private async Task<TrafficReport> StopTrafficAsync()
    {
        _stopTraffic!.Cancel();
        return await _traffic!;
    }

    /// <summary>After an abort: the routing file never moved, the app goes on writing to the source, and once the stream has caught up the target holds every acknowledged write exactly once.</summary>
    private async Task AssertSourceKeepsTheApplicationAsync()
    {
        Assert.False(await SourceReadOnlyAsync());
        Assert.Equal(RoutingPrimary.Source, Routing().Primary);
        Assert.Equal(1, Routing().Version);
        await WaitForAcknowledgementsAsync(RoutingPrimary.Source, 60);
        var traffic = await StopTrafficAsync();
        Assert.Equal(0, traffic.Failed);
        Assert.Equal(0, traffic.AcknowledgedOnTarget);
        await WaitCaughtUpAsync();
        await AssertLedgerHoldsAsync(checkSource: false);
    }

    /// <summary>The app writing, a `migrate --follow` that turns around, a cutover; returns once the app writes on PostgreSQL and the follower applies it back.</summary>
    private async Task CutOverWithTheFollowerTurningAroundAsync()
    {
        await StartAsync(turnaround: true);
        var cutover = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--max-lag", "10s", "--grace", "1s"]);
        Assert.True(cutover.ExitCode == 0, cutover.StdOut + cutover.StdErr);
        await WaitForReverseRunningAsync(Follow);
        await WaitForAcknowledgementsAsync(RoutingPrimary.Target, 30);
    }

    /// <summary>After a rollback: the app writes to MySQL again, the follower has turned forward, and both databases hold every acknowledged write once.</summary>
    private async Task AssertBackOnTheSourceWithEveryWriteOnBothAsync()
    {
        await WaitForAcknowledgementsAsync(RoutingPrimary.Source, 40);
        var traffic = await StopTrafficAsync();
        await WaitCaughtUpAsync();
        Assert.False(Follow.HasExited, Follow.StdErr);
        Assert.Equal(0, traffic.Failed);
        await AssertLedgerHoldsOnBothAsync();
    }

    private Task WaitForReverseRunningAsync(SyncProcess back) => WaitForAsync(
        async () => await StreamApplierOnSourceAsync(ReverseStream.NameFor(Schema)),
        TimeSpan.FromSeconds(60),
        "the reverse stream to run:\n" + back.StdErr);

    /// <summary>Whether a process applies the stream now (it holds the stream's lock on the MySQL side).</summary>
    private async Task<bool> StreamApplierOnSourceAsync(string stream)
    {
        await using var control = Godwit.Providers.ProviderRegistry.Target(MySql.Uri).Control();
        return await control.StreamApplierAsync(stream, CancellationToken.None) is not null;
    }

    /// <summary>After a round trip each database holds every acknowledged write exactly once, wherever it was acknowledged.</summary>
    private async Task AssertLedgerHoldsOnBothAsync()
    {
        var entries = TrafficLedger.Read(LedgerPath);
        await using var target = await PgBookingReader.OpenAsync(Postgres.Uri, Schema, CancellationToken.None);
        await using var source = await MySqlBookingReader.OpenAsync(MySql.Uri, CancellationToken.None);
        foreach (var (name, reader) in new (string, IBookingReader)[] { ("PostgreSQL", target), ("MySQL", source) })
        {
            var check = await LedgerCheck.RunAsync(entries, reader, null, CancellationToken.None);
            Assert.True(check.IsClean, name + ":\n" + string.Join("\n", check.Failures.Take(20).Select(f => $"{f.Reference}: {f.Problem}")));
            Assert.True(check.Acknowledged > 100, $"only {check.Acknowledged} acknowledged writes");
        }
    }

    private async Task AssertLedgerHoldsAsync(bool checkSource)
    {
        var entries = TrafficLedger.Read(LedgerPath);
        await using var target = await PgBookingReader.OpenAsync(Postgres.Uri, Schema, CancellationToken.None);
        await using var source = checkSource ? await MySqlBookingReader.OpenAsync(MySql.Uri, CancellationToken.None) : null;
        var check = await LedgerCheck.RunAsync(entries, target, source, CancellationToken.None);
        Assert.True(check.IsClean, string.Join("\n", check.Failures.Take(20).Select(f => $"{f.Reference}: {f.Problem}")));
        Assert.True(check.Acknowledged > 100, $"only {check.Acknowledged} acknowledged writes");
    }
}
