using System.Net;
using System.Text.Json;
using Godwit.Core.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Godwit.Dashboard;

/// <summary>
/// <c>godwit dashboard</c>'s web server (Kestrel): the page (<c>/</c> and its files), its data (<c>/api/state</c>, polled
/// by the page) and Prometheus text (<c>/metrics</c>), all from one <see cref="DashboardSnapshot"/> read at most once a
/// second. Read-only: nothing it serves changes the migration. Binds where it is told (the CLI defaults to loopback).
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SnapshotCache _cache;

    private DashboardServer(WebApplication app, SnapshotCache cache, Uri address)
    {
        _app = app;
        _cache = cache;
        Address = address;
    }

    /// <summary>Where the page is, e.g. <c>http://127.0.0.1:8080/</c> (the real port when port 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>Starts serving on <paramref name="endPoint"/>; <paramref name="read"/> makes a fresh snapshot.</summary>
    public static async Task<DashboardServer> StartAsync(IPEndPoint endPoint, Func<CancellationToken, Task<DashboardSnapshot>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(read);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(endPoint));
        var app = builder.Build();
        var cache = new SnapshotCache(read);
        Map(app, cache);
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the dashboard's server reports no address");
        return new DashboardServer(app, cache, new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal) + "/"));
    }

    private static void Map(WebApplication app, SnapshotCache cache)
    {
        app.MapGet("/", (HttpContext http) => Asset(http, "index.html"));
        app.MapGet("/assets/{name}", (HttpContext http, string name) => Asset(http, name));
        app.MapGet("/api/state", async (HttpContext http) =>
        {
            var snapshot = await cache.GetAsync(http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store";
            http.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(http.Response.Body, snapshot, DashboardJson.Options, http.RequestAborted);
        });
        app.MapGet("/metrics", async (HttpContext http) =>
        {
            var snapshot = await cache.GetAsync(http.RequestAborted);
            http.Response.ContentType = PrometheusWriter.ContentType;
            await http.Response.WriteAsync(DashboardMetrics.Render(snapshot), http.RequestAborted);
        });
    }

    private static Task Asset(HttpContext http, string name)
    {
        if (DashboardAssets.Find(name) is not { } asset)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        http.Response.ContentType = asset.ContentType;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:";
        return http.Response.Body.WriteAsync(asset.Bytes, http.RequestAborted).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _cache.Dispose();
    }
}
