namespace Godwit.Core.Tenants;

/// <summary>An AUTO_INCREMENT key's ids on the source: the tenant's smallest and largest (null: no row), and the highest the table handed out to anyone.</summary>
public sealed record TenantIdRange(long? TenantMin, long? TenantMax, long HandedOut);
