namespace Godwit.Core.Tenants;

/// <summary>
/// One moving table's checksum comparison of the tenant's rows at the switch (the verify engine's canonical row
/// hashes over the tenant's rows on both sides): how many rows were compared, and the differing rows (kind and key) when not equal.
/// </summary>
public sealed record TenantTableChecksum(string Table, bool Equal, long Rows, IReadOnlyList<string> Differences);
