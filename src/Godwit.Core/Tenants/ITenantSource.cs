using Godwit.Core.Copy;

namespace Godwit.Core.Tenants;

/// <summary>
/// What a tenant move needs of its source beyond the copy and the stream: the tenant's keys and row counts, the
/// freeze of that tenant alone (enforced by the server, other tenants keep writing), and the purge's batches.
/// </summary>
public interface ITenantSource
{
    /// <summary>The keys (<see cref="TenantChangeFilter.JoinKey"/>) of the rows <paramref name="filter"/> keeps in <paramref name="table"/> (null: every row).</summary>
    Task<IReadOnlyList<string>> KeysAsync(string table, IReadOnlyList<string> columns, RowFilter? filter, CancellationToken cancellationToken);

    /// <summary>Rows of <paramref name="table"/> the filter keeps (null filter: every row).</summary>
    Task<long> CountAsync(string table, RowFilter? filter, CancellationToken cancellationToken);

    /// <summary>
    /// Refuses every write of the tenant's rows to the moving tables (<paramref name="filters"/>: table → its row filter)
    /// from now on, by triggers the server runs; returns once writes that started before are finished (the triggers'
    /// creation waits for them). Idempotent: a rerun after a crash replaces the same triggers.
    /// </summary>
    Task FreezeAsync(string tenant, IReadOnlyDictionary<string, RowFilter> filters, CancellationToken cancellationToken);

    /// <summary>Removes every freeze trigger of the tenant (also those a crashed run left); returns how many were removed.</summary>
    Task<int> UnfreezeAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>The freeze triggers of the tenant now on the source (for status and tests).</summary>
    Task<IReadOnlyList<string>> FreezeTriggersAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of an AUTO_INCREMENT key <paramref name="column"/>: the smallest and largest the filter keeps (null when
    /// the tenant has no row there) and the highest the table has handed out to anyone (its counter − 1, or its largest id).
    /// </summary>
    Task<TenantIdRange> IdRangeAsync(string table, string column, RowFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the stream's old row images may carry only the key (PostgreSQL without REPLICA IDENTITY FULL): the change
    /// filter then knows each table's own keys of the tenant (<see cref="TenantChangeFilter"/>).
    /// </summary>
    bool KeyOnlyOldRows => false;

    /// <summary>
    /// The replication slots this database holds for the stream named <paramref name="stream"/> (a moved tenant's
    /// reverse stream on a PostgreSQL target: kept until the purge or the rollback); empty where streams hold none.
    /// </summary>
    Task<IReadOnlyList<Providers.SourceReader>> SlotsAsync(string stream, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Providers.SourceReader>>([]);

    /// <summary>Deletes at most <paramref name="batch"/> of the rows <paramref name="filter"/> keeps, in one transaction; returns how many.</summary>
    Task<long> DeleteBatchAsync(string table, RowFilter filter, int batch, CancellationToken cancellationToken);
}
