using System.CommandLine;
using System.Text.Json;
using Godwit.Cli.Cluster;
using Godwit.Cluster;

namespace Godwit.Cli.Commands;

/// <summary><c>godwit workers --cluster URI</c>: the cluster's workers (from its membership table) and the chunks each committed.</summary>
public static class WorkersCommand
{
    public static Command Create(CliConsole console)
    {
        var cluster = ClusterOption.Create(required: true);
        var json = CommonOptions.Json();
        var command = new Command("workers", "List the copy cluster's workers (godwit worker), their status and the chunks each committed.") { cluster, json };
        command.SetAction(async (parse, ct) =>
        {
            var rows = await ClusterReports.WorkersAsync(parse.GetValue(cluster)!, ct);
            if (parse.GetValue(json))
            {
                console.StdOut.WriteLine(JsonSerializer.Serialize(rows.Select(WorkerRows.Json)));
            }
            else if (rows.Count == 0)
            {
                console.StdOut.WriteLine("no workers have joined this cluster yet (run godwit worker --cluster URI)");
            }
            else
            {
                foreach (var r in rows)
                {
                    console.StdOut.WriteLine(WorkerRows.Text(r));
                }
            }

            return ExitCode.Success;
        });
        return command;
    }
}
