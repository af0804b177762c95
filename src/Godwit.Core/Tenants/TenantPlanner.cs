using Godwit.Core.Schema;

namespace Godwit.Core.Tenants;

/// <summary>
/// Classifies every table of the source for one tenant's move: a table with the tenant column is filtered by it; one
/// without it that reaches a tenant table through foreign keys (or a <c>--tenant-path</c>) is filtered through that
/// path (the shortest; named hops win over foreign keys); any other is shared and left alone unless included.
/// A pure function of the source model.
/// </summary>
public static class TenantPlanner
{
    public static TenantPlan Plan(SourceDatabase db, TenantPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var tenantTables = db.Tables.Where(t => t.FindColumn(request.TenantColumn) is not null).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (tenantTables.Count == 0)
        {
            throw new TenantPlanException($"no table of {db.Name} has the tenant column '{request.TenantColumn}': nothing would be filtered.");
        }

        CheckValue(db, request, tenantTables);
        var hops = Hops(db, request.Paths);
        foreach (var name in request.Include)
        {
            var table = db.FindTable(name) ?? throw new TenantPlanException($"--include {name}: {db.Name} has no table '{name}'.");
            if (tenantTables.Contains(table.Name))
            {
                throw new TenantPlanException($"--include {name}: {table.Name} has the tenant column '{request.TenantColumn}'; it is filtered by it, not copied whole.");
            }
        }

        var included = request.Include.Select(i => db.FindTable(i)!.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tables = new List<TenantTablePlan>();
        foreach (var table in db.Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (tenantTables.Contains(table.Name))
            {
                tables.Add(new TenantTablePlan(table.Name, TenantTableRole.Tenant, []));
            }
            else if (ShortestPath(table.Name, hops, tenantTables) is { } path)
            {
                if (included.Contains(table.Name))
                {
                    throw new TenantPlanException($"--include {table.Name}: it reaches a tenant table ({string.Join(" ; ", path)}) and is filtered through that path, not copied whole.");
                }

                tables.Add(new TenantTablePlan(table.Name, TenantTableRole.ViaPath, path));
            }
            else
            {
                tables.Add(new TenantTablePlan(table.Name, included.Contains(table.Name) ? TenantTableRole.Included : TenantTableRole.Shared, []));
            }
        }

        var moving = tables.Where(t => t.Moves).Select(t => t.Table).ToHashSet(StringComparer.OrdinalIgnoreCase);
        tables = [.. tables.Select(t => t.Moves
            ? t with { Parents = [.. (hops.GetValueOrDefault(t.Table) ?? []).Select(h => h.ParentTable).Where(moving.Contains).Distinct(StringComparer.OrdinalIgnoreCase)] }
            : t)];
        return new TenantPlan(request.TenantColumn, request.Tenant, tables);
    }

    /// <summary>Each table's outgoing hops: named ones (which replace the table's foreign keys) or else its foreign keys within the database.</summary>
    private static Dictionary<string, List<TenantHop>> Hops(SourceDatabase db, IReadOnlyList<TenantHop> named)
    {
        var hops = new Dictionary<string, List<TenantHop>>(StringComparer.OrdinalIgnoreCase);
        foreach (var hop in named)
        {
            var child = db.FindTable(hop.Table) ?? throw new TenantPlanException($"--tenant-path {hop}: {db.Name} has no table '{hop.Table}'.");
            var parent = db.FindTable(hop.ParentTable) ?? throw new TenantPlanException($"--tenant-path {hop}: {db.Name} has no table '{hop.ParentTable}'.");
            foreach (var c in hop.Columns.Where(c => child.FindColumn(c) is null))
            {
                throw new TenantPlanException($"--tenant-path {hop}: {child.Name} has no column '{c}'.");
            }

            foreach (var c in hop.ParentColumns.Where(c => parent.FindColumn(c) is null))
            {
                throw new TenantPlanException($"--tenant-path {hop}: {parent.Name} has no column '{c}'.");
            }

            var resolved = new TenantHop(child.Name, [.. hop.Columns.Select(c => child.Column(c).Name)], parent.Name, [.. hop.ParentColumns.Select(c => parent.Column(c).Name)]);
            if (!hops.TryGetValue(child.Name, out var list))
            {
                hops[child.Name] = list = [];
            }

            list.Add(resolved);
        }

        foreach (var table in db.Tables.Where(t => !hops.ContainsKey(t.Name)))
        {
            hops[table.Name] = [.. table.ForeignKeys
                .Where(fk => string.Equals(fk.ReferencedSchema, db.Name, StringComparison.OrdinalIgnoreCase) && db.FindTable(fk.ReferencedTable) is not null)
                .OrderBy(fk => fk.Name, StringComparer.Ordinal)
                .Select(fk => new TenantHop(table.Name, fk.Columns, db.FindTable(fk.ReferencedTable)!.Name, fk.ReferencedColumns))];
        }

        return hops;
    }

    /// <summary>Breadth first from the table along its hops to the nearest tenant table; null when none is reachable.</summary>
    private static List<TenantHop>? ShortestPath(string start, Dictionary<string, List<TenantHop>> hops, HashSet<string> tenantTables)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { start };
        var queue = new Queue<(string Table, List<TenantHop> Path)>();
        queue.Enqueue((start, []));
        while (queue.TryDequeue(out var at))
        {
            foreach (var hop in hops.GetValueOrDefault(at.Table) ?? [])
            {
                List<TenantHop> path = [.. at.Path, hop];
                if (tenantTables.Contains(hop.ParentTable))
                {
                    return path;
                }

                if (seen.Add(hop.ParentTable))
                {
                    queue.Enqueue((hop.ParentTable, path));
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The tenant value must be a value of the tenant column's type: a number for a numeric column (the engines write
    /// numbers bare in the freeze's triggers and the copy's filters, so anything else is refused here, by name).
    /// </summary>
    private static void CheckValue(SourceDatabase db, TenantPlanRequest request, HashSet<string> tenantTables)
    {
        foreach (var table in db.Tables.Where(t => tenantTables.Contains(t.Name)))
        {
            var column = table.FindColumn(request.TenantColumn)!;
            var numeric = column.Type.Family is MySqlTypeFamily.Integer or MySqlTypeFamily.Decimal or MySqlTypeFamily.Float or MySqlTypeFamily.Double or MySqlTypeFamily.Year;
            if (numeric && !decimal.TryParse(request.Tenant, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw new TenantPlanException(
                    $"--tenant '{request.Tenant}': {table.Name}.{column.Name} is {column.Type.Name}, and '{request.Tenant}' is not a number; give the tenant as the column holds it (e.g. 42).");
            }
        }
    }
}
