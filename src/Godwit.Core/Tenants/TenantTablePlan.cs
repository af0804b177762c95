namespace Godwit.Core.Tenants;

/// <summary>One table of a tenant plan: its role, and for <see cref="TenantTableRole.ViaPath"/> the hops to the tenant table.</summary>
public sealed record TenantTablePlan(string Table, TenantTableRole Role, IReadOnlyList<TenantHop> Path)
{
    /// <summary>The moving tables this one refers to (by foreign key or named hop): purge deletes this table's rows before theirs.</summary>
    public IReadOnlyList<string> Parents { get; init; } = [];

    /// <summary>Whether the move copies, streams, counts and purges this table's rows (tenant-filtered or, when included, all of them).</summary>
    public bool Moves => Role is TenantTableRole.Tenant or TenantTableRole.ViaPath or TenantTableRole.Included;

    /// <summary>Whether the move filters the rows by the tenant (directly or through the path).</summary>
    public bool Filtered => Role is TenantTableRole.Tenant or TenantTableRole.ViaPath;

    /// <summary>The path as text, e.g. <c>order_items.order_id → orders.id</c>; empty for other roles.</summary>
    public string Describe() => string.Join(" ; ", Path.Select(h => h.ToString()));
}
