using Godwit.Core.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;

namespace Godwit.Cluster;

/// <summary>An Orleans client of the cluster, found through the membership table's active gateways.</summary>
public sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClient(IHost host)
    {
        _host = host;
    }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ClusterClient> ConnectAsync(ConnectionUri cluster, CancellationToken cancellationToken)
    {
        var dataSource = ClusterConnection.Open(cluster);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(dataSource);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterConnection.ClusterId;
                o.ServiceId = ClusterConnection.ServiceId;
            });
            client.Services.AddSingleton<IGatewayListProvider>(new PgGatewayListProvider(dataSource));
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new ClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
