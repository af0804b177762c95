using Godwit.Core.Schema;
using Godwit.Core.Tenants;

namespace Godwit.Core.Copy;

/// <summary>
/// Only the rows whose <see cref="Column"/> holds one of <see cref="Values"/> (a tenant's rows, for a tenant move).
/// Values are the column's text as the source prints it; the source provider compares them in the column's own type,
/// as literals it quotes itself (never text pasted into SQL).
/// </summary>
/// <param name="Column">The source column (e.g. <c>tenant_id</c>); with a <see cref="Path"/>, the column of the path's last table.</param>
/// <param name="Values">The values to keep; at least one.</param>
public sealed record RowFilter(string Column, IReadOnlyList<string> Values)
{
    /// <summary>
    /// For a table without the column: the foreign-key hops from this table to the table that has it (a row is kept
    /// when its path ends at a kept row, read in the same snapshot). Empty: the table has the column itself.
    /// </summary>
    public IReadOnlyList<TenantHop> Path { get; init; } = [];

    /// <summary>The column at the end of <see cref="Path"/> (its type quotes the values); null without a path.</summary>
    public SourceColumn? PathColumn { get; init; }

    /// <summary>The schema the path's tables live in (the source database); null without a path.</summary>
    public string? PathSchema { get; init; }
}
