using System.CommandLine;
using System.Net;
using Godwit.Cli.Cluster;
using Godwit.Cluster;
using Godwit.Core.Connections;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit worker --cluster URI</c>: runs a worker silo of the copy cluster until stopped. Stateless: chunk progress
/// lives in the target, so a worker can be killed at any moment.
/// </summary>
public static class WorkerCommand
{
    public static Command Create(CliConsole console)
    {
        var cluster = ClusterOption.Create(required: true);
        var siloPort = new Option<int>("--silo-port") { Description = "Port for silo-to-silo traffic; 0 (default) picks a free one.", HelpName = "PORT" };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port clients (godwit migrate --cluster) connect to; 0 (default) picks a free one.", HelpName = "PORT" };
        var advertise = new Option<string>("--advertise")
        {
            Description = "The address other hosts reach this worker at; the worker listens on it only. Default: 127.0.0.1 (this host only).",
            HelpName = "IP",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var name = new Option<string?>("--name") { Description = "A name for this worker in status and reports. Default: Orleans' silo name.", HelpName = "NAME" };
        var command = new Command("worker", "Run a worker of the copy cluster (Microsoft Orleans silo; membership in the --cluster PostgreSQL database) until stopped.")
        {
            cluster, siloPort, gatewayPort, advertise, name,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(advertise), out var address))
            {
                throw new CliException($"--advertise {parse.GetValue(advertise)} is not an IP address.");
            }

            var clusterUri = parse.GetValue(cluster)!;
            var options = new WorkerSiloOptions(clusterUri, Port(parse.GetValue(siloPort), "--silo-port"), Port(parse.GetValue(gatewayPort), "--gateway-port"), address, parse.GetValue(name));
            using var host = WorkerSilo.Build(options, new CopyJobContexts(), new StreamEngines(), new VerifyJobContexts(), new WorkerNotes(n => console.Diagnostic($"godwit: worker: {n}")));
            await host.StartAsync(ct);
            console.Diagnostic($"godwit: worker: joined the cluster in {clusterUri} as {WorkerSilo.Describe(host)}");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: leave the cluster cleanly below.
            }

            await host.StopAsync(CancellationToken.None);
            return ExitCode.Success;
        });
        return command;
    }

    private static int Port(int port, string option) =>
        port is >= 0 and <= 65535 ? port : throw new CliException($"{option} {port} is not a port (0 picks a free one).");
}
