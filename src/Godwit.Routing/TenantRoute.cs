namespace Godwit.Routing;

/// <summary>
/// One tenant's entry in a routing map (a routing file with a <c>tenants</c> object): where that tenant's writes go
/// while the rest of the application follows the file's top-level primary. See docs/routing.md, "Tenant moves".
/// </summary>
public sealed record TenantRoute
{
    private readonly DateTimeOffset? _switchedAt;

    /// <summary>The database that takes this tenant's writes now.</summary>
    public RoutingPrimary Primary { get; init; }

    /// <summary>
    /// Grows with every switch of this tenant and never goes down. It is never greater than the file's version:
    /// every change of the file raises the file's version too.
    /// </summary>
    public long Version { get; init; }

    /// <summary>When this tenant last switched, in UTC to the millisecond (as the file holds it).</summary>
    public DateTimeOffset? SwitchedAt
    {
        get => _switchedAt;
        init => _switchedAt = value is { } at ? RoutingState.ToFilePrecision(at) : null;
    }

    /// <summary>The change stream that moved this tenant, if any; informational only.</summary>
    public string? Stream { get; init; }
}
