namespace Godwit.Routing;

/// <summary>Which database currently takes the application's writes.</summary>
public enum RoutingPrimary
{
    /// <summary>The MySQL/MariaDB source: before the cutover, or after an aborted or reverted one.</summary>
    Source,

    /// <summary>The PostgreSQL target: after the cutover.</summary>
    Target,
}
