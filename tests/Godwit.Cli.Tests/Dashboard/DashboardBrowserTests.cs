using System.Globalization;
using Godwit.Cli.Tests.Cutover;
using Godwit.Core.Engines.Cutover;
using Godwit.Testing;
using Microsoft.Playwright;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium through Playwright): a migration runs with a writing workload
/// (<c>migrate --follow</c>), and the page shows the stream, its tables, a lag figure and the cutover's steps, and
/// updates them without a reload. Screenshots at a laptop's and a phone's width go under the test output.
/// </summary>
public sealed class DashboardBrowserTests : CutoverTestBase
{
    private const string Ddl = """
        CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40) NOT NULL);
        CREATE TABLE notes (id BIGINT AUTO_INCREMENT PRIMARY KEY, body TEXT);
        INSERT INTO items (v) SELECT CONCAT('item ', seq) FROM seq_1_to_3000;
        INSERT INTO notes (body) VALUES ('a'), ('b'), ('c');
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static string Screenshots => Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task The_page_shows_the_stream_its_tables_its_lag_and_the_cutover_steps_and_updates_them_live()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();
        using var stopWrites = new CancellationTokenSource();
        var writes = WriteAsync(stopWrites.Token);
        using var dashboard = await DashboardProcess.StartAsync("--source", Source, "--target", Target);

        await using var browser = await DashboardBrowser.OpenAsync(dashboard.Address, new ViewportSize { Width = 1280, Height = 900 });
        var page = browser.Page;

        // The stream, the copy's tables, and a lag figure.
        var stream = page.Locator($"article.stream[data-stream=\"{Schema}\"]");
        await stream.WaitForAsync(new LocatorWaitForOptions { Timeout = Milliseconds(Patience) });
        await page.Locator("article.copy tr[data-table=\"items\"]").WaitForAsync();
        await page.Locator("article.copy tr[data-table=\"notes\"]").WaitForAsync();
        Assert.Contains("3,000", await page.Locator("article.copy tr[data-table=\"items\"]").InnerTextAsync(), StringComparison.Ordinal);
        var lag = stream.Locator("[data-figure=lag] .value");
        await page.WaitForFunctionAsync(
            "s => /^[0-9.]+ (s|min)/.test(document.querySelector(s)?.textContent ?? '')",
            $"article.stream[data-stream=\"{Schema}\"] [data-figure=lag] .value",
            new PageWaitForFunctionOptions { Timeout = Milliseconds(Patience) });

        // Errors and reconnects since the stream began, from its state (none on this healthy stream), and its direction.
        Assert.Equal("0", await stream.Locator("[data-figure=errors] .value").InnerTextAsync());
        Assert.Equal("0", await stream.Locator("[data-figure=reconnects] .value").InnerTextAsync());
        Assert.Equal("forward", await stream.GetAttributeAsync("data-direction"));

        // Live: the rows applied grow with the workload while the page stays loaded.
        var rowsApplied = stream.Locator("[data-figure=rows-applied] .value");
        var before = await rowsApplied.InnerTextAsync();
        await page.WaitForFunctionAsync(
            "([s, before]) => { const t = document.querySelector(s)?.textContent; return t && t !== before && t !== '-'; }",
            new object[] { $"article.stream[data-stream=\"{Schema}\"] [data-figure=rows-applied] .value", before },
            new PageWaitForFunctionOptions { Timeout = Milliseconds(Patience) });
        // The lag chart draws the stream's samples (godwit.stream_samples) up to now.
        await stream.Locator("svg.chart path.line").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = Milliseconds(Patience) });
        System.IO.Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-laptop-streaming.png"), FullPage = true });

        // The cutover's steps appear on the page that is already open.
        await stopWrites.CancelAsync();
        var written = await writes;
        await WaitCaughtUpAsync();
        var verify = await CliRun.InvokeAsync(["verify", "--source", Source, "--target", Target, "--tables", "notes", "--mode", "rows"]);
        Assert.True(verify.ExitCode == 0, verify.StdErr);
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('#verifies tr[data-verify] td')].some(td => td.textContent === 'rows')",
            null,
            new PageWaitForFunctionOptions { Timeout = Milliseconds(Patience) });
        var report = await CutOverAsync(Options());
        Assert.True(report.Result == CutoverReport.Switched, report.AbortReason);
        await page.WaitForFunctionAsync(
            "() => document.querySelector('article.switch .badge')?.textContent === 'switched'",
            null,
            new PageWaitForFunctionOptions { Timeout = Milliseconds(Patience) });
        var steps = await page.Locator("article.switch").First.Locator("li.switch-step").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.step)");
        Assert.Equal([.. report.Steps.Select(s => s.Name)], steps);
        Assert.Contains(CutoverStep.Freeze, steps);
        Assert.Contains(CutoverStep.Switch, steps);
        Assert.Matches(@"^\d+(\.\d+)? m?s$", await page.Locator("article.switch [data-figure=freeze] .value").First.InnerTextAsync());
        Assert.True(written > 0);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-laptop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-phone.png"), FullPage = true });

        // Nothing on the page is wider than a phone's screen (no sideways scrolling of the page itself).
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
    }

    /// <summary>Inserts and updates rows until stopped; returns how many statements ran.</summary>
    private async Task<int> WriteAsync(CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            n++;
            await MySql.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO items (v) VALUES ('w{n}'); UPDATE notes SET body = 'n{n}' WHERE id = 1"));
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return n;
    }

    private static float Milliseconds(TimeSpan t) => (float)t.TotalMilliseconds;
}
