using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Core.Tenants;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>
/// <c>godwit tenant plan</c>: what a tenant move would do with every table (filtered by the tenant column, through a
/// foreign-key path, or shared and left alone), the tenant's rows per table, and the key collisions on the target that
/// would refuse the move. Changes nothing.
/// </summary>
public static class TenantPlanCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var options = new TenantOptions();
        var command = new Command("plan", "Show, table by table, which rows a tenant move takes (tenant column, foreign-key path, or shared), the tenant's row counts, and key collisions on the target. Changes nothing.");
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var setup = await TenantSetup.CreateAsync(parse, options, specs, ct);
            var filters = setup.Filters();
            var tenantSource = setup.Source.TenantSource();
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var table in setup.Plan.Moving)
            {
                counts[table.Table] = await tenantSource.CountAsync(table.Table, filters.SourceFilter(table), ct);
            }

            var collisions = await TenantCollisions.FindAsync(setup.Plan, filters, setup.Database, tenantSource, setup.Target.TenantTarget(), ct);
            if (parse.GetValue(options.Json))
            {
                console.StdOut.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["tenant_column"] = setup.Plan.TenantColumn,
                    ["tenant"] = setup.Plan.Tenant,
                    ["tables"] = setup.Plan.Tables.Select(t => new Dictionary<string, object?>
                    {
                        ["table"] = t.Table,
                        ["role"] = Role(t.Role),
                        ["path"] = t.Path.Count == 0 ? null : t.Describe(),
                        ["tenant_rows"] = counts.TryGetValue(t.Table, out var n) ? n : null,
                    }).ToList(),
                    ["collisions"] = collisions.Select(c => new Dictionary<string, object?>
                    {
                        ["table"] = c.Table,
                        ["key_columns"] = c.KeyColumns,
                        ["count"] = c.Count,
                        ["sample"] = c.Sample.Select(k => TenantKeys.Split(k)).ToList(),
                    }).ToList(),
                }));
            }
            else
            {
                console.StdOut.WriteLine($"tenant {setup.Plan.Tenant} by {setup.Plan.TenantColumn}, {setup.SourceUri} -> {setup.TargetUri}");
                foreach (var t in setup.Plan.Tables)
                {
                    var rows = counts.TryGetValue(t.Table, out var n) ? n.ToString(CultureInfo.InvariantCulture) + " row(s)" : "-";
                    var how = t.Role switch
                    {
                        TenantTableRole.Tenant => $"where {setup.Plan.TenantColumn} = {setup.Plan.Tenant}",
                        TenantTableRole.ViaPath => "via " + t.Describe(),
                        TenantTableRole.Included => "copied whole (--include)",
                        _ => "left alone",
                    };
                    console.StdOut.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Table,-28} {Role(t.Role),-8} {rows,-14} {how}"));
                }

                foreach (var c in collisions)
                {
                    console.StdOut.WriteLine("collision: " + c.Describe());
                }

                console.StdOut.WriteLine(collisions.Count == 0 ? "no key collision on the target" : "the move is refused until the collisions are resolved");
            }

            return collisions.Count == 0 ? ExitCode.Success : ExitCode.Findings;
        });
        return command;
    }

    public static string Role(TenantTableRole role) => role switch
    {
        TenantTableRole.Tenant => "tenant",
        TenantTableRole.ViaPath => "via-path",
        TenantTableRole.Included => "included",
        _ => "shared",
    };
}
