namespace Godwit.Core.Tenants;

/// <summary>
/// Finds the tenant's primary keys already present on the target (a key collision: the same id used by another
/// tenant there, or an AUTO_INCREMENT range both databases handed out), which the move refuses before it copies.
/// With <c>exceptTenantsOwn</c> (a rollback: the target still holds the tenant's rows from before its move), only keys
/// the target holds for another tenant count.
/// </summary>
public static class TenantCollisions
{
    private const int SampleSize = 5;

    public static async Task<IReadOnlyList<TenantCollision>> FindAsync(
        TenantPlan plan, TenantRowFilters filters, Schema.SourceDatabase db, ITenantSource source, ITenantTarget target, CancellationToken cancellationToken, bool exceptTenantsOwn = false)
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
            var targetColumns = keyColumns.Select(c => filters.Column(table.Table, c!)).ToList();
            IEnumerable<string> present = await target.PresentKeysAsync(mapping.Schema, mapping.Name, targetColumns, keys, cancellationToken).ConfigureAwait(false);
            if (exceptTenantsOwn && filters.TargetFilter(table) is { } own)
            {
                var tenants = (await target.KeysAsync(mapping.Schema, mapping.Name, targetColumns, own, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
                present = [.. present.Where(k => !tenants.Contains(k))];
            }

            var list = present.ToList();
            if (list.Count > 0)
            {
                found.Add(new TenantCollision(table.Table, keyColumns!, list.Count, [.. list.Order(StringComparer.Ordinal).Take(SampleSize)]));
            }
        }

        return found;
    }
}
