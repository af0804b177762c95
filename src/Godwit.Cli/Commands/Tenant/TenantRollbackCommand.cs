using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Core.Ddl;
using Godwit.Core.Tenants;
using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>
/// <c>godwit tenant rollback</c>: a moved tenant back to the source before its purge (<see cref="TenantRollback"/>): its
/// reverse stream caught up, the tenant frozen on the target, drained, counts verified, the source's identities moved,
/// its map entry back to <c>source</c>, unfrozen. Refused after a purge began (exit 2). Rerun after a crash to resume.
/// </summary>
public static class TenantRollbackCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var options = new TenantOptions();
        var map = TenantMoveCommand.RoutingMapOption(required: true);
        var command = new Command(
            "rollback",
            "Switch a moved tenant back to the source before its purge: its writes on the target since the switch flow back by its reverse stream, "
            + "then the tenant is frozen on the target, drained, verified, its map entry set back to source, unfrozen. Refused (exit 2) once a purge began.");
        options.AddTo(command);
        command.Options.Add(map);
        command.Options.Add(options.SwitchHold);
        command.SetAction(async (parse, ct) =>
        {
            var setup = await TenantSetup.CreateAsync(parse, options, specs, ct);
            var reverse = TenantReverse.For(setup)
                ?? throw new CliException($"tenant rollback is not built yet for a {setup.SourceUri.Engine} -> {setup.TargetUri.Engine} move (only from a MySQL/MariaDB source); nothing was changed.");
            var rollback = new TenantRollback(
                reverse.TargetAsSource,
                reverse.SourceAsTarget,
                await reverse.OptionsAsync(setup, parse.GetValue(map)!, ct) with { SwitchHold = parse.GetValue(options.SwitchHold) },
                reverse.WayBack,
                console.Logging.CreateLogger("Godwit.Tenant"))
            {
                Checksums = TenantReverse.Checksums(setup),
                OnStep = (step, _) =>
                {
                    console.Diagnostic($"godwit: tenant {setup.Plan.Tenant}: rollback: {step}");
                    return Task.CompletedTask;
                },
            };
            TenantRollbackResult result;
            try
            {
                result = await rollback.RunAsync(ct);
            }
            catch (TenantPurgedException ex)
            {
                throw new CliException(ex.Message, ExitCode.Findings);
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

    private static void Write(CliConsole console, TenantRollbackResult result, bool json)
    {
        if (json)
        {
            console.StdOut.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["tenant"] = result.Tenant,
                ["stream"] = result.Stream,
                ["rolled_back"] = true,
                ["already_rolled_back"] = result.AlreadyRolledBack,
                ["freeze_ms"] = result.AlreadyRolledBack ? null : result.FreezeMs,
                ["routing_version"] = result.RoutingVersion,
                ["verified"] = result.Verified.Select(c => new Dictionary<string, object?> { ["table"] = c.Table, ["target_rows"] = c.Before, ["source_rows"] = c.After }).ToList(),
                ["checksums"] = result.Checksums.Select(c => new Dictionary<string, object?> { ["table"] = c.Table, ["equal"] = c.Equal, ["rows"] = c.Rows, ["differences"] = c.Differences }).ToList(),
            }));
            return;
        }

        console.StdOut.WriteLine(result.AlreadyRolledBack
            ? $"tenant {result.Tenant} was switched back to the source by an earlier run (routing map version {result.RoutingVersion})"
            : string.Create(CultureInfo.InvariantCulture, $"tenant {result.Tenant} rolled back to the source: frozen on the target {result.FreezeMs} ms, routing map version {result.RoutingVersion}"));
        foreach (var c in result.Verified)
        {
            console.StdOut.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  verified {c.Table,-28} target {c.Before,10}  source {c.After,10}"));
        }
    }
}
