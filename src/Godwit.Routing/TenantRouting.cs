namespace Godwit.Routing;

/// <summary>
/// Where one tenant's write goes in one attempt: its own entry's primary and version, or the file's top-level ones
/// for a tenant without an entry. Take it once per attempt, as <see cref="RoutedWriter.ExecuteForTenantAsync{T}"/>
/// passes it, and do all of the attempt on that primary.
/// </summary>
public sealed record TenantRouting(string Tenant, RoutingPrimary Primary, long Version, bool HasOwnEntry);
