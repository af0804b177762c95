namespace Godwit.Core.Tenants;

/// <summary>Keys of the tenant's rows that the target's table already holds (another tenant's rows, or rows of an earlier move).</summary>
public sealed record TenantCollision(string Table, IReadOnlyList<string> KeyColumns, int Count, IReadOnlyList<string> Sample)
{
    public string Describe() =>
        $"{Table}: {Count} key(s) of the tenant already on the target ({string.Join(", ", KeyColumns)} = {string.Join("; ", Sample.Select(k => string.Join(", ", TenantKeys.Split(k))))}{(Count > Sample.Count ? "; …" : string.Empty)})";
}
