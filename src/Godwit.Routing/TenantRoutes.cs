using System.Collections;

namespace Godwit.Routing;

/// <summary>
/// The <c>tenants</c> object of a routing map: tenant id → <see cref="TenantRoute"/>, ordered by id (ordinal), immutable,
/// and equal to another map with the same entries (so a state read back from the file equals the state written).
/// </summary>
public sealed class TenantRoutes : IReadOnlyDictionary<string, TenantRoute>, IEquatable<TenantRoutes>
{
    private readonly SortedDictionary<string, TenantRoute> _routes;

    private TenantRoutes(SortedDictionary<string, TenantRoute> routes)
    {
        _routes = routes;
    }

    /// <summary>No tenant has an entry: every tenant follows the top-level primary.</summary>
    public static TenantRoutes Empty { get; } = new(new SortedDictionary<string, TenantRoute>(StringComparer.Ordinal));

    /// <inheritdoc />
    public int Count => _routes.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _routes.Keys;

    /// <inheritdoc />
    public IEnumerable<TenantRoute> Values => _routes.Values;

    /// <inheritdoc />
    public TenantRoute this[string key] => _routes[key];

    /// <summary>A map with <paramref name="tenant"/>'s entry set to <paramref name="route"/>.</summary>
    public TenantRoutes With(string tenant, TenantRoute route)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(route);
        var copy = new SortedDictionary<string, TenantRoute>(_routes, StringComparer.Ordinal) { [tenant] = route };
        return new TenantRoutes(copy);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => _routes.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TenantRoute value) => _routes.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, TenantRoute>> GetEnumerator() => _routes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same tenants with equal entries.</summary>
    public bool Equals(TenantRoutes? other) =>
        other is not null && (ReferenceEquals(this, other) || (Count == other.Count && _routes.SequenceEqual(other._routes)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TenantRoutes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (tenant, route) in _routes)
        {
            hash.Add(tenant, StringComparer.Ordinal);
            hash.Add(route);
        }

        return hash.ToHashCode();
    }
}
