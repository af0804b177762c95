namespace Godwit.Core.Tenants;

/// <summary>What a tenant rollback did.</summary>
public sealed record TenantRollbackResult
{
    public required string Tenant { get; init; }

    /// <summary>The reverse stream that carried the tenant's writes back.</summary>
    public required string Stream { get; init; }

    /// <summary>The switch back was made by an earlier run (this one only unfroze the tenant on the target).</summary>
    public bool AlreadyRolledBack { get; init; }

    /// <summary>How long the tenant's writes were refused on the target (freeze to unfreeze), in milliseconds.</summary>
    public long FreezeMs { get; init; }

    /// <summary>The routing map's version after the switch back.</summary>
    public long RoutingVersion { get; init; }

    /// <summary>The tenant's rows per table at the switch back: target (Before) and source (After).</summary>
    public IReadOnlyList<TenantTableCount> Verified { get; init; } = [];

    /// <summary>The tenant's rows per table compared by checksum at the switch back.</summary>
    public IReadOnlyList<TenantTableChecksum> Checksums { get; init; } = [];
}
