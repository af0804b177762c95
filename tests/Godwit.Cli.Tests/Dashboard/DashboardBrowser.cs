using Godwit.Testing;
using Microsoft.Playwright;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>
/// Debian's chromium (Playwright cannot download its own browsers here), headless, with a page open on the dashboard;
/// disposing it closes the browser and Playwright.
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Opens <paramref name="address"/> in a new page (<paramref name="viewport"/>: the browser's default when null).</summary>
    public static async Task<DashboardBrowser> OpenAsync(Uri address, ViewportSize? viewport = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = DebianTools.Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            });
            try
            {
                var page = await browser.NewPageAsync(viewport is null ? new BrowserNewPageOptions() : new BrowserNewPageOptions { ViewportSize = viewport });
                await page.GotoAsync(address.ToString());
                return new DashboardBrowser(playwright, browser, page);
            }
            catch
            {
                await browser.DisposeAsync();
                throw;
            }
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
