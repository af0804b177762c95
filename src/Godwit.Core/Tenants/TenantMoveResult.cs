namespace Godwit.Core.Tenants;

/// <summary>What a tenant move did.</summary>
public sealed record TenantMoveResult
{
    public required string Tenant { get; init; }

    public required string Stream { get; init; }

    /// <summary>The switch was made by an earlier run (this one only finished what followed it).</summary>
    public bool AlreadySwitched { get; init; }

    /// <summary>Rows the copy wrote (0 when it was done before).</summary>
    public long CopiedRows { get; init; }

    /// <summary>How long the tenant's writes were refused on the source (freeze to unfreeze), in milliseconds.</summary>
    public long FreezeMs { get; init; }

    /// <summary>The routing map's version after the switch.</summary>
    public long RoutingVersion { get; init; }

    /// <summary>The tenant's rows per table at the switch: source (Before) and target (After).</summary>
    public IReadOnlyList<TenantTableCount> Verified { get; init; } = [];

    /// <summary>The tenant's rows per table compared by checksum at the switch (included tables: by count only).</summary>
    public IReadOnlyList<TenantTableChecksum> Checksums { get; init; } = [];

    /// <summary>With purge: the tenant's rows per table on the source before and after.</summary>
    public IReadOnlyList<TenantTableCount> Purged { get; init; } = [];
}
