namespace Godwit.Core.Tenants;

/// <summary>One table's rows of the tenant: on the source and target (a verify), or before and after a purge.</summary>
public sealed record TenantTableCount(string Table, TenantTableRole Role, long Before, long? After);
