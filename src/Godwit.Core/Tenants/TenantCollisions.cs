namespace Godwit.Core.Tenants;

/// <summary>
/// Finds the tenant's primary keys already present on the target (a key collision: the same id used by another
/// tenant there, or an AUTO_INCREMENT range both databases handed out), which the move refuses before it copies.
/// </summary>
public static class TenantCollisions
{
    private const int SampleSize = 5;

    public static async Task<IReadOnlyList<TenantCollision>> FindAsync(
        TenantPlan plan, TenantRowFilters filters, Schema.SourceDatabase db, ITenantSource source, ITenantTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var found = new List<TenantCollision>();
        foreach (var table in plan.Moving)
        {
            var keyColumns = db.FindTable(table.Table)?.PrimaryKey?.Parts.Select(p => p.Column).ToList();
            if (keyColumns is null || keyColumns.Count == 0 || keyColumns.Any(c => c is null))
            {
                continue;
            }

            var keys = await source.KeysAsync(table.Table, keyColumns!, filters.SourceFilter(table), cancellationToken).ConfigureAwait(false);
            var mapping = filters.Mapping(table.Table);
            var present = await target.PresentKeysAsync(mapping.Schema, mapping.Name, [.. keyColumns.Select(c => filters.Column(table.Table, c!))], keys, cancellationToken).ConfigureAwait(false);
            if (present.Count > 0)
            {
                found.Add(new TenantCollision(table.Table, keyColumns!, present.Count, [.. present.Order(StringComparer.Ordinal).Take(SampleSize)]));
            }
        }

        return found;
    }
}
