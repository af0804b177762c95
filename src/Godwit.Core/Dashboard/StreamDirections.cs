namespace Godwit.Core.Dashboard;

/// <summary>Which way a stream on the dashboard runs, by the state store it was read from.</summary>
public static class StreamDirections
{
    /// <summary>Into the target (read from the target's state).</summary>
    public const string Forward = "forward";

    /// <summary>Into the old source, after a cutover (read from the source's state).</summary>
    public const string Reverse = "reverse";
}
