using System.Text.Json;
using Godwit.Demo.Ledger;
using Godwit.Demo.Traffic;
using Godwit.Routing;

namespace Godwit.Demo.Tests;

public sealed class TrafficTests : DemoTestBase
{
    [Fact]
    public async Task On_the_source_the_app_books_confirms_and_cancels_and_its_ledger_matches_MariaDB_exactly()
    {
        var seed = await SeedAsync();
        WriteRouting(RoutingPrimary.Source, 0);

        var report = await new BookingTraffic(Traffic(rate: 60, duration: TimeSpan.FromSeconds(3))).RunAsync(CancellationToken.None);

        Assert.Equal(0, report.Failed);
        Assert.True(report.Acknowledged >= 60, $"only {report.Acknowledged} writes in 3 s at 60/s");
        Assert.Equal(report.Acknowledged, report.AcknowledgedOnSource);
        Assert.Equal(report.Attempted, report.Acknowledged);
        Assert.Equal(RoutingPrimary.Source, report.FinalPrimary);
        Assert.Null(report.SwitchSeenAt);

        var entries = TrafficLedger.Read(LedgerPath);
        Assert.Equal(report.Attempted, entries.Count);
        Assert.All(Enum.GetValues<LedgerOperation>(), op => Assert.Contains(entries, e => e.Operation == op));
        Assert.All(entries, e => Assert.True(e.Acknowledged && e.Primary == RoutingPrimary.Source && e.Version == 0));

        // The source is the database of record here: hold it to the ledger as the target is held after a cutover.
        await using var reader = await MySqlBookingReader.OpenAsync(MySql.Uri, CancellationToken.None);
        var check = await LedgerCheck.RunAsync(entries, reader, null, CancellationToken.None);
        Assert.True(check.IsClean, string.Join("\n", check.Failures));
        Assert.Equal(entries.Select(e => e.Reference).Distinct().Count(), check.Bookings);
        var booked = entries.Count(e => e.Operation == LedgerOperation.Book);
        Assert.Equal($"{booked}", await MySqlScalarAsync($"SELECT COUNT(*) FROM bookings WHERE id > {seed.Bookings}"));
    }

    [Fact]
    public async Task The_command_runs_until_its_stop_file_appears_and_reports_in_json()
    {
        await SeedAsync();
        var route = await RunAsync("route", "--routing-file", RoutingPath, "--source", MySql.Uri.ToUnmaskedString(), "--target", Postgres.Uri.ToUnmaskedString());
        Assert.Equal(0, route.Code);
        var routing = RoutingFile.Read(RoutingPath)!;
        Assert.Equal((RoutingPrimary.Source, 0L), (routing.Primary, routing.Version));
        Assert.DoesNotContain(AppPassword, File.ReadAllText(RoutingPath), StringComparison.Ordinal);

        var stopFile = Path.Combine(WorkDirectory, "stop");
        var traffic = RunAsync(
            "traffic", "--routing-file", RoutingPath, "--source", AppUri.ToUnmaskedString(), "--target", Postgres.Uri.ToUnmaskedString(),
            "--rate", "30", "--ledger", LedgerPath, "--stop-file", stopFile, "--progress-interval", "500ms", "--json");
        await WaitForAsync(() => Task.FromResult(File.Exists(LedgerPath) && File.ReadLines(LedgerPath).Count() >= 20), TimeSpan.FromSeconds(30), "20 writes");
        await File.WriteAllTextAsync(stopFile, string.Empty);
        var (code, stdout, stderr) = await traffic.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(0, json.RootElement.GetProperty("failed").GetInt64());
        Assert.Equal("source", json.RootElement.GetProperty("final_primary").GetString());
        Assert.Equal(TrafficLedger.Read(LedgerPath).Count, json.RootElement.GetProperty("acknowledged").GetInt64());
        Assert.Contains("writes/s on the source (MariaDB), routing v0", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(AppPassword, stdout + stderr, StringComparison.Ordinal);
    }

    private static Task<(int Code, string StdOut, string StdErr)> RunAsync(params string[] args) => DemoCliRun.RunAsync(args);
}
