using Godwit.Testing;
using Microsoft.Playwright;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>
/// The page with <c>--source</c> after a cutover with the way back (PostgreSQL → PostgreSQL state, as the stores hold
/// it): the forward stream and the reverse stream read from the old source on one page, each with its errors and
/// reconnects, and the rollback beside the cutover.
/// </summary>
public sealed class DashboardBothSidesBrowserTests : TwoStateStores
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_reverse_stream_and_the_rollback_on_the_old_source_show_beside_the_forward_stream_with_errors_and_reconnects()
    {
        await EnsureStateAsync();

        await TargetDb.ExecuteAsync("""
            INSERT INTO godwit.sync_state (stream, source_database, target_schema, status, errors, reconnects) VALUES ('shop', 'public', 'public', 'cut-over', 4, 3);
            INSERT INTO godwit.cutovers (stream, source_database, target_schema, step, result, freeze_ms, started_at) VALUES ('shop', 'public', 'public', 'hold', 'switched', 800, now() - interval '5 minutes');
            """);
        await SourceDb.ExecuteAsync("""
            INSERT INTO godwit.sync_state (stream, source_database, target_schema, status, lag_seconds, errors, reconnects) VALUES ('shop_reverse', 'public', 'public', 'running', 0.3, 1, 1);
            INSERT INTO godwit.stream_samples (stream, at, lag_seconds, rows_applied, events_applied) VALUES ('shop_reverse', now() - interval '1 minute', 0.4, 5, 5);
            INSERT INTO godwit.cutovers (stream, source_database, target_schema, step, result, freeze_ms, started_at) VALUES ('shop_reverse', 'public', 'public', 'hold', 'switched', 200, now());
            """);
        using var dashboard = await DashboardProcess.StartAsync("--target", TargetDb.Uri.ToUnmaskedString(), "--source", SourceDb.Uri.ToUnmaskedString() + "?schema=public");

        await using var browser = await DashboardBrowser.OpenAsync(dashboard.Address);
        var page = browser.Page;

        var reverse = page.Locator("article.stream[data-stream=\"shop_reverse\"][data-direction=\"reverse\"]");
        await reverse.WaitForAsync(new LocatorWaitForOptions { Timeout = (float)Patience.TotalMilliseconds });
        var forward = page.Locator("article.stream[data-stream=\"shop\"][data-direction=\"forward\"]");
        Assert.Equal(("4", "3"), (await forward.Locator("[data-figure=errors] .value").InnerTextAsync(), await forward.Locator("[data-figure=reconnects] .value").InnerTextAsync()));
        Assert.Equal(("1", "1"), (await reverse.Locator("[data-figure=errors] .value").InnerTextAsync(), await reverse.Locator("[data-figure=reconnects] .value").InnerTextAsync()));
        Assert.Contains("reverse", await reverse.Locator("h3").InnerTextAsync(), StringComparison.Ordinal);
        await reverse.Locator("svg.chart path.line").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        var kinds = await page.Locator("article.switch h3 > span:first-child").AllInnerTextsAsync();
        Assert.Equal(2, kinds.Count);
        Assert.StartsWith("rollback ", kinds[0], StringComparison.Ordinal);
        Assert.StartsWith("cutover ", kinds[1], StringComparison.Ordinal);
        Assert.Equal("200 ms", await page.Locator("article.switch").First.Locator("[data-figure=freeze] .value").InnerTextAsync());
    }
}
