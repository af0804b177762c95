namespace Godwit.Routing;

/// <summary>
/// The content of a routing file: which database is the primary, and the version that grows with every switch.
/// See docs/routing.md for the file format.
/// </summary>
public sealed record RoutingState
{
    /// <summary>The only file format this library reads and writes.</summary>
    public const int CurrentFormat = 1;

    private readonly DateTimeOffset? _switchedAt;

    /// <summary>The database that takes writes now.</summary>
    public RoutingPrimary Primary { get; init; }

    /// <summary>
    /// Grows by at least one with every switch, a switch back included, and never goes down: followers compare
    /// versions, never primaries, to notice a switch (source → target → source is two switches, not none).
    /// </summary>
    public long Version { get; init; }

    /// <summary>
    /// When the last switch happened; null before the first. Held as the file holds it, in UTC to the millisecond,
    /// so that a state read back from the file equals the state written.
    /// </summary>
    public DateTimeOffset? SwitchedAt
    {
        get => _switchedAt;
        init => _switchedAt = value is { } at ? ToFilePrecision(at) : null;
    }

    /// <summary>The source's URI with its password masked; informational only.</summary>
    public string? Source { get; init; }

    /// <summary>The target's URI with its password masked; informational only.</summary>
    public string? Target { get; init; }

    /// <summary>The name of the change stream that kept the target in step, if any; informational only.</summary>
    public string? Stream { get; init; }

    /// <summary>The file format, <see cref="CurrentFormat"/>.</summary>
    public int Format { get; init; } = CurrentFormat;

    /// <summary>Tenants routed on their own (a routing map); empty in a plain routing file.</summary>
    public TenantRoutes Tenants { get; init; } = TenantRoutes.Empty;

    /// <summary>This state after a switch to <paramref name="primary"/> at <paramref name="at"/>: the version grows by one.</summary>
    public RoutingState SwitchedTo(RoutingPrimary primary, DateTimeOffset at) =>
        this with { Primary = primary, Version = checked(Version + 1), SwitchedAt = at };

    /// <summary>
    /// This state after <paramref name="tenant"/> alone switched to <paramref name="primary"/>: the file's version
    /// grows by one, and the tenant's entry takes that version, so the tenant's version grows too (from its entry's,
    /// or from the top-level one it followed before it had an entry).
    /// </summary>
    public RoutingState SwitchedTenantTo(string tenant, RoutingPrimary primary, DateTimeOffset at, string? stream = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var version = checked(Version + 1);
        var route = new TenantRoute { Primary = primary, Version = version, SwitchedAt = at, Stream = stream ?? (Tenants.TryGetValue(tenant, out var old) ? old.Stream : null) };
        return this with { Version = version, Tenants = Tenants.With(tenant, route) };
    }

    /// <summary>Where <paramref name="tenant"/>'s writes go: its own entry, or the top-level primary and version.</summary>
    public TenantRouting RouteFor(string tenant)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        return Tenants.TryGetValue(tenant, out var route)
            ? new TenantRouting(tenant, route.Primary, route.Version, HasOwnEntry: true)
            : new TenantRouting(tenant, Primary, Version, HasOwnEntry: false);
    }

    internal static DateTimeOffset ToFilePrecision(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
