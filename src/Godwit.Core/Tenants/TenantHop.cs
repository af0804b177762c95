namespace Godwit.Core.Tenants;

/// <summary>
/// One step of a foreign-key path: <see cref="Table"/>.<see cref="Columns"/> refer to
/// <see cref="ParentTable"/>.<see cref="ParentColumns"/> (e.g. <c>order_items.order_id → orders.id</c>).
/// </summary>
public sealed record TenantHop(string Table, IReadOnlyList<string> Columns, string ParentTable, IReadOnlyList<string> ParentColumns)
{
    public override string ToString() =>
        $"{Table}.{string.Join(",", Columns)} → {ParentTable}.{string.Join(",", ParentColumns)}";
}
