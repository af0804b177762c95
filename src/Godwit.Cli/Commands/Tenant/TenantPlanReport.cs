using System.Globalization;
using System.Text.Json;
using Godwit.Core.Tenants;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>
/// A tenant move's plan as <c>tenant plan</c> and <c>assess --tenant-column</c> print it: each table's role and the
/// tenant's rows there, and the key collisions on the target. Exit 2 (findings) on a collision.
/// </summary>
public static class TenantPlanReport
{
    public static async Task<int> WriteAsync(CliConsole console, TenantSetup setup, bool json, CancellationToken ct, bool allowIdOverlap = false)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(setup);
        var filters = setup.Filters();
        var tenantSource = setup.Source.TenantSource();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in setup.Plan.Moving)
        {
            counts[table.Table] = await tenantSource.CountAsync(table.Table, filters.SourceFilter(table), ct);
        }

        var collisions = await TenantCollisions.FindAsync(setup.Plan, filters, setup.Database, tenantSource, setup.Target.TenantTarget(), ct);
        var overlaps = await TenantIdOverlaps.FindAsync(setup.Plan, filters, setup.Database, tenantSource, setup.Target.TenantTarget(), ct);
        if (json)
        {
            WriteJson(console, setup.Plan, counts, collisions, overlaps);
        }
        else
        {
            WriteText(console, setup, counts, collisions, overlaps);
        }

        return collisions.Count == 0 && (overlaps.Count == 0 || allowIdOverlap) ? ExitCode.Success : ExitCode.Findings;
    }

    private static void WriteJson(CliConsole console, TenantPlan plan, Dictionary<string, long> counts, IReadOnlyList<TenantCollision> collisions, IReadOnlyList<TenantIdOverlap> overlaps) =>
        console.StdOut.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["tenant_column"] = plan.TenantColumn,
            ["tenant"] = plan.Tenant,
            ["tables"] = plan.Tables.Select(t => new Dictionary<string, object?>
            {
                ["table"] = t.Table,
                ["role"] = TenantPlanCommand.Role(t.Role),
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
            ["id_overlaps"] = overlaps.Select(o => new Dictionary<string, object?>
            {
                ["table"] = o.Table,
                ["column"] = o.Column,
                ["tenant_min"] = o.Source.TenantMin,
                ["tenant_max"] = o.Source.TenantMax,
                ["source_handed_out"] = o.Source.HandedOut,
                ["target_next"] = o.TargetNext,
                ["message"] = o.Describe(),
            }).ToList(),
        }));

    private static void WriteText(CliConsole console, TenantSetup setup, Dictionary<string, long> counts, IReadOnlyList<TenantCollision> collisions, IReadOnlyList<TenantIdOverlap> overlaps)
    {
        var plan = setup.Plan;
        console.StdOut.WriteLine($"tenant {plan.Tenant} by {plan.TenantColumn}, {setup.SourceUri} -> {setup.TargetUri}");
        foreach (var t in plan.Tables)
        {
            var rows = counts.TryGetValue(t.Table, out var n) ? n.ToString(CultureInfo.InvariantCulture) + " row(s)" : "-";
            var how = t.Role switch
            {
                TenantTableRole.Tenant => $"where {plan.TenantColumn} = {plan.Tenant}",
                TenantTableRole.ViaPath => "via " + t.Describe(),
                TenantTableRole.Included => "copied whole (--include)",
                _ => "left alone",
            };
            console.StdOut.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Table,-28} {TenantPlanCommand.Role(t.Role),-8} {rows,-14} {how}"));
        }

        foreach (var c in collisions)
        {
            console.StdOut.WriteLine("collision: " + c.Describe());
        }

        foreach (var o in overlaps)
        {
            console.StdOut.WriteLine("id overlap: " + o.Describe());
        }

        console.StdOut.WriteLine(collisions.Count == 0 && overlaps.Count == 0 ? "no key collision or id overlap on the target" : "the move is refused until the collisions and overlaps are resolved");
    }
}
