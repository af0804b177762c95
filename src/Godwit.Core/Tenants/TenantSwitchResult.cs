namespace Godwit.Core.Tenants;

/// <summary>What one tenant switch (<see cref="TenantCutover.SwitchAsync"/>) verified, how long it froze the tenant, and the map's new version.</summary>
public sealed record TenantSwitchResult(IReadOnlyList<TenantTableCount> Verified, IReadOnlyList<TenantTableChecksum> Checksums, long FreezeMs, long Version);
