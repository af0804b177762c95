namespace Godwit.Routing;

/// <summary>How a <see cref="RoutingFollower"/> polls its file.</summary>
public sealed record RoutingFollowerOptions
{
    /// <summary>How often the file's timestamp and size are checked (default 50 ms): the bound on how late a switch is seen.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How often the file is read even though its timestamp and size look unchanged (default 1 s), in case a
    /// rewrite kept both (a coarse file-system clock, or a clock set back); <see cref="Timeout.InfiniteTimeSpan"/> never.
    /// </summary>
    public TimeSpan RereadInterval { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        if (RereadInterval != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RereadInterval, TimeSpan.Zero, nameof(RereadInterval));
        }
    }
}
