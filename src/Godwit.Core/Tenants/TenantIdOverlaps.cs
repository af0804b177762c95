namespace Godwit.Core.Tenants;

/// <summary>
/// Finds AUTO_INCREMENT/identity range overlaps (<see cref="TenantIdOverlap"/>) before a tenant moves: for each moving
/// table whose primary key is one AUTO_INCREMENT column and whose target table already holds rows, the target's next
/// value must be above every id the source has handed out in that table. Exact key clashes are
/// <see cref="TenantCollisions"/>' business; an empty (or missing) target table is not checked: ids that all come from
/// the one source never collide with each other, and nothing on the target hands any out before the switch moves the
/// target's counter past the source's.
/// </summary>
public static class TenantIdOverlaps
{
    public static async Task<IReadOnlyList<TenantIdOverlap>> FindAsync(
        TenantPlan plan, TenantRowFilters filters, Schema.SourceDatabase db, ITenantSource source, ITenantTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var found = new List<TenantIdOverlap>();
        foreach (var table in plan.Moving.Where(t => t.Filtered))
        {
            var sourceTable = db.FindTable(table.Table);
            if (sourceTable?.PrimaryKey?.Parts is not [{ Column: { } keyColumn }] || sourceTable.Column(keyColumn) is not { IsAutoIncrement: true } column)
            {
                continue;
            }

            var mapping = filters.Mapping(table.Table);
            var targetColumn = filters.Column(table.Table, column.Name);
            if (await target.NextIdAsync(mapping.Schema, mapping.Name, targetColumn, cancellationToken).ConfigureAwait(false) is not { } next)
            {
                continue;
            }

            var range = await source.IdRangeAsync(table.Table, column.Name, filters.SourceFilter(table)!, cancellationToken).ConfigureAwait(false);
            if (next <= range.HandedOut)
            {
                found.Add(new TenantIdOverlap(table.Table, column.Name, range, next, mapping.Schema + "." + mapping.Name));
            }
        }

        return found;
    }
}
