using System.CommandLine;
using System.Net;
using Godwit.Cli.Dashboard;
using Godwit.Core.Connections;
using Godwit.Dashboard;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit dashboard</c>: a web page of the migration (streams, copy progress, lag over the last hour, cutovers,
/// verify runs) and Prometheus <c>/metrics</c>, read from the target's <c>godwit</c> schema (so it shows whatever
/// process runs the migration, on any machine) and the source's head. Runs until stopped; read-only.
/// </summary>
public static class DashboardCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var listen = new Option<string>("--listen")
        {
            Description = $"Where to serve the page and /metrics: HOST:PORT. Default: {ListenAddress.Default} (loopback; the page has no login).",
            HelpName = "HOST:PORT",
            DefaultValueFactory = _ => ListenAddress.Default,
        };
        var cluster = Cluster.ClusterOption.Create(required: false);
        cluster.Description = "Also show the worker cluster in this PostgreSQL database: its workers with the chunks each committed, and the worker holding each stream (sync --cluster).";
        var command = new Command("dashboard", "Serve a live web page of the migration and Prometheus /metrics, read from the target's state (and the source's head with --source).")
        {
            source, target, listen, cluster,
        };
        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            var sourceUri = specs.Endpoint(parse.GetValue(source), spec.Source, EndpointRole.Source, spec.Origin);
            IPEndPoint endPoint;
            try
            {
                endPoint = ListenAddress.Parse(parse.GetValue(listen)!);
            }
            catch (FormatException ex)
            {
                throw new CliException(ex.Message);
            }

            var reads = new DashboardReads(targetUri, sourceUri, parse.GetValue(cluster));
            DashboardServer server;
            try
            {
                server = await DashboardServer.StartAsync(endPoint, reads.ReadAsync, ct);
            }
            catch (IOException ex)
            {
                throw new CliException($"--listen {endPoint}: {ex.Message}");
            }

            await using (server)
            {
                if (!IPAddress.IsLoopback(endPoint.Address))
                {
                    console.Diagnostic($"godwit: dashboard: warning: serving on {endPoint}, beyond this machine; the page and /metrics have no login");
                }

                console.Diagnostic($"godwit: dashboard: {server.Address} (metrics at {server.Address}metrics); Ctrl-C stops it");
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    // Stopped.
                }
            }

            return ExitCode.Interrupted;
        });
        return command;
    }
}
