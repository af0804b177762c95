using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Core.Tenants;
using Godwit.Routing;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>
/// <c>godwit tenant purge</c>: deletes a switched tenant's rows from the source (<see cref="TenantPurge"/>): refused
/// unless the routing map sends the tenant to the target. Resumable: a rerun deletes what is left.
/// </summary>
public static class TenantPurgeCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var options = new TenantOptions();
        var map = TenantMoveCommand.RoutingMapOption(required: true);
        var purging = new TenantPurgeOptionSet();
        var command = new Command("purge", "Delete a moved tenant's rows from the source, after a final verify and the grace period, children first in throttled batches; prints the tenant's rows per table before and after.");
        options.AddTo(command);
        command.Options.Add(map);
        purging.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var setup = await TenantSetup.CreateAsync(parse, options, specs, ct);
            var path = parse.GetValue(map)!;
            var state = await RoutingFile.ReadAsync(path, ct);
            if (state is null || state.RouteFor(setup.Plan.Tenant) is not { HasOwnEntry: true, Primary: RoutingPrimary.Target })
            {
                throw new CliException($"tenant {setup.Plan.Tenant} is not switched to the target in {path}: its rows on the source are still the ones the application uses; nothing was deleted (run godwit tenant move first).");
            }

            IReadOnlyList<TenantTableCount> counts;
            try
            {
                counts = await TenantPurge.RunAsync(
                    setup.Plan, setup.Filters(), setup.Database, setup.Source.TenantSource(), setup.Target.TenantTarget(), purging.Read(parse), m => console.Diagnostic($"godwit: tenant {setup.Plan.Tenant}: {m}"), ct,
                    TenantReverse.For(setup) is { } reverse ? c => EndWayBackAsync(console, setup.Plan.Tenant, reverse.WayBack, c) : null);
            }
            catch (TenantMoveException ex)
            {
                throw new CliException(ex.Message);
            }

            if (parse.GetValue(options.Json))
            {
                console.StdOut.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["tenant"] = setup.Plan.Tenant,
                    ["purged"] = counts.Select(c => new Dictionary<string, object?> { ["table"] = c.Table, ["rows_before"] = c.Before, ["rows_after"] = c.After }).ToList(),
                }));
            }
            else
            {
                WriteCounts(console, setup.Plan.Tenant, counts);
            }

            return ExitCode.Success;
        });
        return command;
    }

    /// <summary>Before the first delete: no rollback any more, and the reverse stream's slot on the target goes.</summary>
    private static async Task EndWayBackAsync(CliConsole console, string tenant, TenantWayBack wayBack, CancellationToken ct)
    {
        foreach (var dropped in await wayBack.EndAsync(TenantWayBack.Purged, ct))
        {
            console.Diagnostic($"godwit: tenant {tenant}: dropped the reverse stream's {dropped}");
        }
    }

    public static void WriteCounts(CliConsole console, string tenant, IReadOnlyList<TenantTableCount> counts)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var c in counts)
        {
            console.StdOut.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  purged {c.Table,-28} tenant {tenant}: {c.Before,10} row(s) before, {c.After,10} after"));
        }
    }
}
