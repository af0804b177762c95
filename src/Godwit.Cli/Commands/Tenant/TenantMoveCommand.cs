using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Core.Ddl;
using Godwit.Core.Tenants;
using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>
/// <c>godwit tenant move</c>: one tenant from the source to the target, with the routing map switched for that tenant
/// alone (<see cref="TenantMove"/>); <c>--purge</c> then deletes it from the source. Rerun after a crash to resume.
/// </summary>
public static class TenantMoveCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var options = new TenantOptions();
        var map = RoutingMapOption(required: true);
        var purge = new Option<bool>("--purge") { Description = "After the switch and a final verify, delete the tenant's rows from the source (children first, in batches)." };
        var purging = new TenantPurgeOptionSet();
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Parallel copy workers (default 2).", HelpName = "N" }.Positive();
        var command = new Command(
            "move",
            "Move one tenant: copy its rows from one snapshot, stream its changes, freeze that tenant alone on the source, drain, verify its counts, switch its entry in the routing map, unfreeze; "
            + "--purge then deletes it from the source. Resumes after a crash.");
        options.AddTo(command);
        command.Options.Add(map);
        command.Options.Add(purge);
        command.Options.Add(options.SwitchHold);
        command.Options.Add(jobs);
        purging.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var setup = await TenantSetup.CreateAsync(parse, options, specs, ct);
            if (setup.SourceUri.Engine == Godwit.Core.Connections.DatabaseEngine.Postgres)
            {
                // Refused before anything is made there: the copy cannot filter a PostgreSQL source's rows yet, and a
                // move that failed at its copy would leave the tenant stream's replication slot behind.
                throw new CliException("tenant moves from a PostgreSQL source are not built yet (MySQL/MariaDB sources, into MySQL/MariaDB or PostgreSQL); nothing was changed.");
            }

            var move = new TenantMove(
                setup.Source,
                setup.Target,
                new TenantMoveOptions
                {
                    Plan = setup.Plan,
                    Database = setup.Database,
                    Schema = setup.Schema,
                    Mapper = setup.Mapper,
                    Spec = setup.Spec,
                    RoutingMap = parse.GetValue(map)!,
                    SourceDisplay = setup.SourceUri.ToString(),
                    TargetDisplay = setup.TargetUri.ToString(),
                    Jobs = parse.GetValue(jobs) ?? 2,
                    Purge = parse.GetValue(purge),
                    PurgeOptions = purging.Read(parse),
                    WayBack = TenantReverse.For(setup)?.WayBack,
                    AllowIdOverlap = parse.GetValue(options.AllowIdOverlap),
                    SwitchHold = parse.GetValue(options.SwitchHold),
                },
                console.Logging.CreateLogger("Godwit.Tenant"))
            {
                OnStep = (step, _) =>
                {
                    console.Diagnostic($"godwit: tenant {setup.Plan.Tenant}: {step}");
                    return Task.CompletedTask;
                },
            };
            TenantMoveResult result;
            try
            {
                result = await move.RunAsync(ct);
            }
            catch (Exception ex) when (ex is TenantMoveException or SchemaConflictException)
            {
                throw new CliException(ex.Message);
            }

            Write(console, result, parse.GetValue(options.Json));
            return ExitCode.Success;
        });
        return command;
    }

    public static Option<string?> RoutingMapOption(bool required) => new("--routing-map")
    {
        Description = "The routing map (JSON) applications follow per tenant; created with primary=source when missing. See docs/routing.md.",
        HelpName = "FILE",
        Required = required,
    };

    private static void Write(CliConsole console, TenantMoveResult result, bool json)
    {
        if (json)
        {
            console.StdOut.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["tenant"] = result.Tenant,
                ["stream"] = result.Stream,
                ["switched"] = true,
                ["already_switched"] = result.AlreadySwitched,
                ["copied_rows"] = result.CopiedRows,
                ["freeze_ms"] = result.AlreadySwitched ? null : result.FreezeMs,
                ["routing_version"] = result.RoutingVersion,
                ["verified"] = result.Verified.Select(c => new Dictionary<string, object?> { ["table"] = c.Table, ["source_rows"] = c.Before, ["target_rows"] = c.After }).ToList(),
                ["checksums"] = result.Checksums.Select(c => new Dictionary<string, object?> { ["table"] = c.Table, ["equal"] = c.Equal, ["rows"] = c.Rows, ["differences"] = c.Differences }).ToList(),
                ["purged"] = result.Purged.Select(c => new Dictionary<string, object?> { ["table"] = c.Table, ["rows_before"] = c.Before, ["rows_after"] = c.After }).ToList(),
            }));
            return;
        }

        console.StdOut.WriteLine(result.AlreadySwitched
            ? $"tenant {result.Tenant} was switched to the target by an earlier run (routing map version {result.RoutingVersion})"
            : string.Create(CultureInfo.InvariantCulture, $"tenant {result.Tenant} moved: {result.CopiedRows} row(s) copied, frozen {result.FreezeMs} ms, routing map version {result.RoutingVersion}"));
        foreach (var c in result.Verified)
        {
            console.StdOut.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  verified {c.Table,-28} source {c.Before,10}  target {c.After,10}"));
        }

        foreach (var c in result.Checksums)
        {
            console.StdOut.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  checksum {c.Table,-28} {(c.Equal ? "equal" : "DIFFERENT")} over {c.Rows} row(s) of the tenant"));
        }

        TenantPurgeCommand.WriteCounts(console, result.Tenant, result.Purged);
    }
}
