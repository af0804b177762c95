using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Godwit.Cluster;

/// <summary>
/// A worker silo: joins the cluster through the membership table in the <c>--cluster</c> database and hosts grains.
/// It keeps no state of its own (chunk progress lives in the target), so killing it loses nothing.
/// </summary>
public static class WorkerSilo
{
    public static IHost Build(
        WorkerSiloOptions options, ICopyJobContextFactory contexts, IStreamEngineFactory streams, IVerifyJobContextFactory verifies, WorkerNotes notes, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(contexts);
        var dataSource = ClusterConnection.Open(options.Cluster);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(contexts);
        builder.Services.AddSingleton(streams);
        builder.Services.AddSingleton(verifies);
        builder.Services.AddSingleton(notes);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterConnection.ClusterId;
                o.ServiceId = ClusterConnection.ServiceId;
            });
            // Loopback unless --advertise names the address other hosts reach this one at; the silo listens on that
            // address only (never on every interface by default).
            silo.ConfigureEndpoints(options.Advertise, PortOrFree(options.SiloPort), PortOrFree(options.GatewayPort), listenOnAnyHostAddress: false);
            if (options.Name is { } name)
            {
                silo.Configure<SiloOptions>(o => o.SiloName = name);
            }

            // A chunk call lasts as long as its chunk; a dead worker's calls fail when membership declares it dead.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromHours(6));
            // Declare a killed worker dead within seconds rather than the default half minute, so its chunks move sooner.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
            });
            silo.Services.AddSingleton<Orleans.IMembershipTable>(sp => new PgMembershipTable(dataSource));
        });
        // After the silo (hosted services start in order): it calls grains.
        builder.Services.AddHostedService<StreamKeeper>();
        return builder.Build();
    }

    /// <summary>The silo's address (host:port@generation), the worker id reports show.</summary>
    public static string Describe(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return WorkerId(host.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>());
    }

    /// <summary>A worker's id in reports: its name and silo address (host:port@generation).</summary>
    public static string WorkerId(Orleans.Runtime.ILocalSiloDetails silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return $"{silo.Name} {silo.SiloAddress.ToParsableString()}";
    }

    /// <summary>0 means "any free port": Orleans advertises the configured port, so pick a free one up front.</summary>
    private static int PortOrFree(int port)
    {
        if (port != 0)
        {
            return port;
        }

        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
