namespace Godwit.Core.Tenants;

/// <summary>How a tenant move treats one table.</summary>
public enum TenantTableRole
{
    /// <summary>The table has the tenant column: filtered by it.</summary>
    Tenant,

    /// <summary>No tenant column, but a foreign-key path leads to a tenant table: filtered through that path.</summary>
    ViaPath,

    /// <summary>Neither: shared by every tenant, left alone (unless <c>--include</c> names it: then copied whole).</summary>
    Shared,

    /// <summary>Shared, but named by <c>--include</c>: copied whole (every row), as reference data.</summary>
    Included,
}
