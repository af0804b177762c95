namespace Godwit.Core.Tenants;

/// <summary>What a tenant move does with every table of the source database (<see cref="TenantPlanner"/>).</summary>
public sealed record TenantPlan(string TenantColumn, string Tenant, IReadOnlyList<TenantTablePlan> Tables)
{
    public IEnumerable<TenantTablePlan> Moving => Tables.Where(t => t.Moves);

    public TenantTablePlan? Find(string table) =>
        Tables.FirstOrDefault(t => string.Equals(t.Table, table, StringComparison.Ordinal))
        ?? Tables.FirstOrDefault(t => string.Equals(t.Table, table, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The moving tables children first (a table before every moving table it refers to), the order purge deletes
    /// in; the reverse is parents first. A reference cycle is broken by name order.
    /// </summary>
    public IReadOnlyList<TenantTablePlan> ChildrenFirst()
    {
        var moving = Moving.ToList();
        var referencedBy = moving.ToDictionary(t => t.Table, _ => 0, StringComparer.OrdinalIgnoreCase);
        foreach (var parent in moving.SelectMany(t => t.Parents.Where(p => !string.Equals(p, t.Table, StringComparison.OrdinalIgnoreCase))))
        {
            referencedBy[parent]++;
        }

        var order = new List<TenantTablePlan>();
        var left = moving.OrderBy(t => t.Table, StringComparer.Ordinal).ToList();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(t => referencedBy[t.Table] == 0) ?? left[0];
            left.Remove(next);
            order.Add(next);
            foreach (var parent in next.Parents.Where(p => !string.Equals(p, next.Table, StringComparison.OrdinalIgnoreCase)))
            {
                referencedBy[parent]--;
            }
        }

        return order;
    }
}
