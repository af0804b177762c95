using Godwit.Demo.Ledger;
using Godwit.Demo.Traffic;
using Godwit.Routing;

namespace Godwit.Demo.Tests;

/// <summary>The booking app on a PostgreSQL source, as its DML-only role, through the routing file.</summary>
public sealed class PgTrafficTests : PgDemoTestBase
{
    [Fact]
    public async Task On_a_PostgreSQL_source_the_app_books_confirms_and_cancels_as_its_role_and_its_ledger_matches_the_source_exactly()
    {
        var seed = await SeedAsync();
        WriteRouting(RoutingPrimary.Source, 0);

        var report = await new BookingTraffic(Traffic(rate: 60, duration: TimeSpan.FromSeconds(3))).RunAsync(CancellationToken.None);

        Assert.Equal(0, report.Failed);
        Assert.True(report.Acknowledged >= 60, $"only {report.Acknowledged} writes in 3 s at 60/s");
        Assert.Equal(report.Acknowledged, report.AcknowledgedOnSource);
        var entries = TrafficLedger.Read(LedgerPath);
        Assert.All(Enum.GetValues<LedgerOperation>(), op => Assert.Contains(entries, e => e.Operation == op));
        Assert.All(entries, e => Assert.True(e.Acknowledged && e.Primary == RoutingPrimary.Source));

        await using var reader = await PgDemoSource().OpenReaderAsync(SourceAdmin, Schema, CancellationToken.None);
        var check = await LedgerCheck.RunAsync(entries, reader, null, CancellationToken.None);
        Assert.True(check.IsClean, string.Join("\n", check.Failures));
        var booked = entries.Count(e => e.Operation == LedgerOperation.Book);
        Assert.Equal($"{booked}", await SourceScalarAsync($"SELECT count(*) FROM booking.bookings WHERE id > {seed.Bookings}"));
    }

    [Fact]
    public async Task Through_godwit_migrate_and_cutover_from_a_PostgreSQL_source_the_app_retries_what_the_freeze_refuses_on_the_target_and_loses_no_write()
    {
        await SeedAsync();
        WriteRouting(RoutingPrimary.Source, 0);
        using var stop = new CancellationTokenSource();
        var running = new BookingTraffic(Traffic(rate: 40, workers: 4)).RunAsync(stop.Token);
        await WaitForAsync(() => Task.FromResult(Acknowledged(RoutingPrimary.Source) >= 20), TimeSpan.FromSeconds(30), "20 writes on the source");

        // The copy runs while the app writes, as in the demo; the first ./godwit of a test run may build the CLI first.
        // --no-reverse: this test holds the old source to "nothing after the switch"; a follower that turned into the
        // reverse stream would (rightly) carry the target's writes back to it (the rollback tests cover that).
        using var migrate = ProcessRun.Start(
            "godwit", ["migrate", "--source", SourceAdmin.ToUnmaskedString(), "--target", TargetDb.Uri.ToUnmaskedString(), "--follow", "--no-reverse", "--routing-file", RoutingPath]);
        await WaitForAsync(
            () => Task.FromResult(migrate.StdErr.Contains("following the change stream", StringComparison.Ordinal) || migrate.HasExited),
            TimeSpan.FromMinutes(4),
            "the copy to finish");
        Assert.False(migrate.HasExited, migrate.StdErr);
        var sourceBefore = Acknowledged(RoutingPrimary.Source);
        await WaitForAsync(() => Task.FromResult(Acknowledged(RoutingPrimary.Source) >= sourceBefore + 40), TimeSpan.FromSeconds(30), "40 writes on the source while it streams");

        // The freeze: triggers refusing every write with SQLSTATE 25006, which the app retries on the new primary.
        var cutover = await ProcessRun.RunAsync(
            "godwit",
            ["cutover", "--source", SourceAdmin.ToUnmaskedString(), "--target", TargetDb.Uri.ToUnmaskedString(), "--routing-file", RoutingPath],
            TimeSpan.FromMinutes(2));
        Assert.True(cutover.Code == 0, cutover.StdOut + cutover.StdErr);
        await WaitForAsync(() => Task.FromResult(Acknowledged(RoutingPrimary.Target) >= 40), TimeSpan.FromSeconds(60), "40 writes on the target");
        await stop.CancelAsync();
        var report = await running;

        Assert.Equal(0, report.Failed);
        Assert.Equal(RoutingPrimary.Target, report.FinalPrimary);
        var entries = TrafficLedger.Read(LedgerPath);
        Assert.Contains(entries, e => e.Acknowledged && e.Primary == RoutingPrimary.Target && e.Attempts > 1 && e.Error?.Contains("25006", StringComparison.Ordinal) == true);
        Assert.All(Enum.GetValues<LedgerOperation>(), op => Assert.Contains(entries, e => e.Operation == op && e.Primary == RoutingPrimary.Target));

        // Every acknowledged write on the target exactly once, and nothing the target took reached the frozen source.
        await using var target = await PgDemoSource().OpenReaderAsync(TargetAdmin, Schema, CancellationToken.None);
        await using var source = await PgDemoSource().OpenReaderAsync(SourceAdmin, Schema, CancellationToken.None);
        var check = await LedgerCheck.RunAsync(entries, target, source, CancellationToken.None);
        Assert.True(check.IsClean, string.Join("\n", check.Failures));
        var command = await DemoCliRun.RunAsync(
            "check", "--source", SourceAdmin.ToUnmaskedString(), "--target", TargetDb.Uri.ToUnmaskedString(), "--ledger", LedgerPath);
        Assert.True(command.Code == 0, command.StdOut + command.StdErr);
        Assert.Contains("all on the target exactly as acknowledged", command.StdOut, StringComparison.Ordinal);
    }

    private static Sources.IDemoSource PgDemoSource() => Sources.DemoSources.For(Core.Connections.DatabaseEngine.Postgres);

    private long Acknowledged(RoutingPrimary primary) =>
        File.Exists(LedgerPath) ? TrafficLedger.Read(LedgerPath).Count(e => e.Acknowledged && e.Primary == primary) : 0;
}
