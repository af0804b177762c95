namespace Godwit.Core.Tenants;

/// <summary>A key's column texts back from <see cref="TenantChangeFilter.JoinKey"/>.</summary>
public static class TenantKeys
{
    public static IReadOnlyList<string> Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Split('\u0001');
    }
}
