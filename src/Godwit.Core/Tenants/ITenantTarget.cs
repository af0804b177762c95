using Godwit.Core.Copy;

namespace Godwit.Core.Tenants;

/// <summary>What a tenant move needs of its target beyond the copy and the stream: counts and key collisions, in the target's names.</summary>
public interface ITenantTarget
{
    /// <summary>Rows of <paramref name="schema"/>.<paramref name="table"/> the filter keeps (its columns and path in target names; null: every row); null when the table does not exist.</summary>
    Task<long?> CountAsync(string schema, string table, RowFilter? filter, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="keys"/> (<see cref="TenantChangeFilter.JoinKey"/> texts) the table already holds; empty when the table does not exist.</summary>
    Task<IReadOnlyList<string>> PresentKeysAsync(string schema, string table, IReadOnlyList<string> columns, IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>The keys (<see cref="TenantChangeFilter.JoinKey"/>) of the rows the filter keeps (in target names); empty when the table does not exist.</summary>
    Task<IReadOnlyList<string>> KeysAsync(string schema, string table, IReadOnlyList<string> columns, RowFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// The value the table's AUTO_INCREMENT (MySQL: its counter, or its largest id + 1) or identity (PostgreSQL: its
    /// sequence's next value) hands out next for <paramref name="column"/>; null when the table does not exist, holds
    /// no row, or the column has no such counter.
    /// </summary>
    Task<long?> NextIdAsync(string schema, string table, string column, CancellationToken cancellationToken);
}
