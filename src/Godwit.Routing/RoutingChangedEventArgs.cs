namespace Godwit.Routing;

/// <summary>A routing switch seen by a <see cref="RoutingFollower"/>: the version grew.</summary>
public sealed class RoutingChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public RoutingChangedEventArgs(RoutingState previous, RoutingState current)
    {
        Previous = previous;
        Current = current;
    }

    /// <summary>The state before the switch.</summary>
    public RoutingState Previous { get; }

    /// <summary>The state after it; the follower's <see cref="RoutingFollower.Current"/> when the event is raised.</summary>
    public RoutingState Current { get; }
}
