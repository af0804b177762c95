namespace Godwit.Core.Tenants;

/// <summary>
/// Deletes a moved tenant's rows from the source: after a final verify (every key of the tenant on the source is on
/// the target), after a grace period, in small batches, children first, throttled. A rerun after a crash goes on
/// where it stopped (it deletes what the tenant still has). Included shared tables are never purged. Before the first
/// delete, <c>beforeFirstDelete</c> runs (the tenant's way back is marked over: no rollback after a purge began).
/// </summary>
public static class TenantPurge
{
    private const int SampleSize = 5;

    public static async Task<IReadOnlyList<TenantTableCount>> RunAsync(
        TenantPlan plan,
        TenantRowFilters filters,
        Schema.SourceDatabase db,
        ITenantSource source,
        ITenantTarget target,
        TenantPurgeOptions options,
        Action<string> log,
        CancellationToken cancellationToken,
        Func<CancellationToken, Task>? beforeFirstDelete = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var tables = plan.ChildrenFirst().Where(t => t.Filtered).ToList();
        await VerifyAsync(tables, filters, db, source, target, cancellationToken).ConfigureAwait(false);
        if (options.Grace > TimeSpan.Zero)
        {
            log($"purge: grace period {options.Grace.TotalSeconds:0.#} s before the first delete");
            await Task.Delay(options.Grace, cancellationToken).ConfigureAwait(false);
        }

        if (beforeFirstDelete is not null)
        {
            await beforeFirstDelete(cancellationToken).ConfigureAwait(false);
        }

        var counts = new List<TenantTableCount>();
        foreach (var table in tables)
        {
            var filter = filters.SourceFilter(table)!;
            var before = await source.CountAsync(table.Table, filter, cancellationToken).ConfigureAwait(false);
            while (await source.DeleteBatchAsync(table.Table, filter, options.BatchRows, cancellationToken).ConfigureAwait(false) > 0)
            {
                if (options.Pause > TimeSpan.Zero)
                {
                    await Task.Delay(options.Pause, cancellationToken).ConfigureAwait(false);
                }
            }

            var after = await source.CountAsync(table.Table, filter, cancellationToken).ConfigureAwait(false);
            log($"purge: {table.Table}: {before} row(s) of tenant {plan.Tenant} before, {after} after");
            counts.Add(new TenantTableCount(table.Table, table.Role, before, after));
        }

        return counts;
    }

    /// <summary>The final verify: nothing is deleted from the source unless the target holds it.</summary>
    private static async Task VerifyAsync(
        IReadOnlyList<TenantTablePlan> tables, TenantRowFilters filters, Schema.SourceDatabase db, ITenantSource source, ITenantTarget target, CancellationToken cancellationToken)
    {
        foreach (var table in tables)
        {
            var mapping = filters.Mapping(table.Table);
            var keyColumns = db.FindTable(table.Table)?.PrimaryKey?.Parts.Select(p => p.Column).ToList();
            if (keyColumns is null || keyColumns.Count == 0 || keyColumns.Any(c => c is null))
            {
                var onSource = await source.CountAsync(table.Table, filters.SourceFilter(table), cancellationToken).ConfigureAwait(false);
                var onTarget = await target.CountAsync(mapping.Schema, mapping.Name, filters.TargetFilter(table), cancellationToken).ConfigureAwait(false) ?? 0;
                if (onTarget < onSource)
                {
                    throw new TenantMoveException($"purge refused: {table.Table} (no primary key) has {onSource} row(s) of the tenant on the source but {onTarget} on the target; nothing was deleted.");
                }

                continue;
            }

            var keys = await source.KeysAsync(table.Table, keyColumns!, filters.SourceFilter(table), cancellationToken).ConfigureAwait(false);
            var present = (await target.PresentKeysAsync(mapping.Schema, mapping.Name, [.. keyColumns.Select(c => filters.Column(table.Table, c!))], keys, cancellationToken).ConfigureAwait(false))
                .ToHashSet(StringComparer.Ordinal);
            var missing = keys.Where(k => !present.Contains(k)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                throw new TenantMoveException(
                    $"purge refused: {missing.Count} row(s) of the tenant in {table.Table} are not on the target "
                    + $"({string.Join(", ", keyColumns!)} = {string.Join("; ", missing.Take(SampleSize).Select(k => string.Join(", ", TenantKeys.Split(k))))}); nothing was deleted.");
            }
        }
    }
}
