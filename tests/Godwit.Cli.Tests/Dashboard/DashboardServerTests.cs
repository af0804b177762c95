using System.Net;
using System.Text.Json;
using Godwit.Core.Dashboard;
using Godwit.Core.Providers;
using Godwit.Dashboard;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>The dashboard's server: what each path serves, its headers, and its options.</summary>
public sealed class DashboardServerTests
{
    private static readonly DashboardSnapshot Snapshot = DashboardSnapshots.Build(
        new MigrationState
        {
            ReadAt = DateTimeOffset.UtcNow,
            Streams = [new StreamReport { Stream = "shop", Status = "running", LagSeconds = 1.25, LastError = "cannot connect to postgresql://app:hunter2@db2/shop" }],
        },
        null,
        s => s);

    [Fact]
    public async Task It_serves_the_page_its_files_the_state_and_the_metrics_on_loopback_and_nothing_else()
    {
        var reads = 0;
        await using var server = await DashboardServer.StartAsync(
            new IPEndPoint(IPAddress.Loopback, 0),
            _ =>
            {
                Interlocked.Increment(ref reads);
                return Task.FromResult(Snapshot);
            },
            CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Address };

        Assert.Equal("127.0.0.1", server.Address.Host);
        var page = await http.GetAsync("/");
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("/assets/app.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/assets/app.css")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/assets/secrets.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/assets/..%2FGodwit.Dashboard.dll")).StatusCode);

        using var state = JsonDocument.Parse(await http.GetStringAsync("/api/state"));
        var stream = state.RootElement.GetProperty("streams")[0];
        Assert.Equal(1.25, stream.GetProperty("lag_seconds").GetDouble());
        Assert.DoesNotContain("hunter2", stream.GetProperty("last_error").GetString(), StringComparison.Ordinal);

        var metrics = await http.GetAsync("/metrics");
        Assert.Equal(PrometheusWriter.ContentType, metrics.Content.Headers.ContentType?.ToString());
        Assert.Contains("migration_replication_lag_seconds{stream=\"shop\"} 1.25\n", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync("/api/state", null)).StatusCode);

        // One read served all of them (the snapshot is shared for a second).
        Assert.InRange(reads, 1, 2);
    }

    [Theory]
    [InlineData("8080x", "--listen wants HOST:PORT")]
    [InlineData("db.example:8080", "--listen wants an IP address")]
    public async Task A_listen_address_that_is_not_one_is_refused_before_anything_connects(string value, string message)
    {
        var run = await CliRun.InvokeAsync(["dashboard", "--target", "postgresql://u@127.0.0.1:1/db", "--listen", value]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot connect", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_address_is_loopback()
    {
        Assert.True(IPAddress.IsLoopback(ListenAddress.Parse(ListenAddress.Default).Address));
        Assert.True(IPAddress.IsLoopback(ListenAddress.Parse(":9000").Address));
    }
}
