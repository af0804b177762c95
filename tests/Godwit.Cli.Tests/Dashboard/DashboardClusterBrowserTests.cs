using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Tests.Cluster;
using Godwit.Cli.Tests.Copy;
using Godwit.Testing;
using Microsoft.Playwright;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>
/// The dashboard with <c>--cluster</c> in a real browser: the cluster's workers with the chunks each committed (a
/// <c>migrate --cluster</c>), and the worker holding the stream grain (<c>sync --cluster</c>), updated live when the
/// stream stops.
/// </summary>
public sealed class DashboardClusterBrowserTests : CopyTestBase, IDisposable
{
    private const string Sql = """
        CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(40));
        INSERT INTO items SELECT seq, CONCAT('item ', seq) FROM seq_1_to_6000;
        ANALYZE TABLE items;
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private WorkerProcesses? _workers;

    [Fact]
    public async Task The_page_lists_the_cluster_s_workers_with_their_chunks_and_the_worker_holding_the_stream()
    {
        await MySql.ExecuteAsync(Sql);
        _workers = new WorkerProcesses(Target, new Dictionary<string, string>
        {
            ["GODWIT_SOURCE_PASSWORD"] = MySql.Uri.Password!,
            ["GODWIT_TARGET_PASSWORD"] = Postgres.Uri.Password!,
        });
        _workers.Start("d0");
        _workers.Start("d1");
        await WorkerProcesses.WaitForActiveAsync(PgScalarAsync, 2);
        var migrate = await MigrateAsync("--cluster", Target, "--chunk-rows", "1000", "--jobs", "2");
        Assert.True(migrate.ExitCode == 0, migrate.StdErr + _workers.Log());
        var serverId = Random.Shared.Next(0x50000000, 0x7FFFFFFF).ToString(CultureInfo.InvariantCulture);
        var sync = await CliRun.InvokeAsync(["sync", "--source", Source, "--target", Target, "--cluster", Target, "--server-id", serverId, "--json"]);
        Assert.True(sync.ExitCode == 0, sync.StdOut + sync.StdErr + _workers.Log());
        var started = JsonDocument.Parse(sync.StdOut).RootElement;
        var holder = started.GetProperty("worker").GetString()!;
        var epoch = started.GetProperty("epoch").GetInt64();

        using var dashboard = await DashboardProcess.StartAsync("--target", Target, "--cluster", Target);
        await using var browser = await DashboardBrowser.OpenAsync(dashboard.Address, new ViewportSize { Width = 1280, Height = 900 });
        var page = browser.Page;

        // Both workers, and between them every chunk the copy committed.
        foreach (var name in new[] { "d0", "d1" })
        {
            await page.Locator($"#cluster-workers tr[data-worker=\"{name}\"]").WaitForAsync(new LocatorWaitForOptions { Timeout = Milliseconds(Patience) });
        }

        var counts = await page.Locator("#cluster-workers [data-figure=chunks-committed]").AllInnerTextsAsync();
        Assert.Equal(
            await PgScalarAsync("SELECT count(*) FROM godwit.copy_chunks"),
            counts.Sum(c => long.Parse(c.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));

        // The stream grain's holder and epoch.
        var stream = page.Locator($"#cluster-streams tr[data-cluster-stream=\"{Schema}\"]");
        await stream.WaitForAsync(new LocatorWaitForOptions { Timeout = Milliseconds(Patience) });
        Assert.Equal(holder, await stream.Locator("[data-figure=holder]").InnerTextAsync());
        Assert.Equal(epoch.ToString(CultureInfo.InvariantCulture), await stream.Locator("[data-figure=epoch]").InnerTextAsync());
        System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard-cluster.png"), FullPage = true });

        // Live: the stream stopped on the cluster leaves the page that is open.
        var stop = await CliRun.InvokeAsync(["sync", "--source", Source, "--target", Target, "--cluster", Target, "--stop"]);
        Assert.True(stop.ExitCode == 0, stop.StdOut + stop.StdErr);
        await page.WaitForFunctionAsync(
            "() => document.querySelector('#cluster-streams tr[data-cluster-stream]') === null",
            null,
            new PageWaitForFunctionOptions { Timeout = Milliseconds(Patience) });
    }

    public void Dispose() => _workers?.Dispose();

    private static float Milliseconds(TimeSpan t) => (float)t.TotalMilliseconds;
}
