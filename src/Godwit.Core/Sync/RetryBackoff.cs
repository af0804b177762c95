namespace Godwit.Core.Sync;

/// <summary>
/// Exponential backoff with jitter for reconnecting: 0.5 s doubling to <see cref="Max"/>. A success resets it,
/// so a flapping link retries quickly while a long outage settles at one attempt per <see cref="Max"/>.
/// </summary>
public sealed class RetryBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    private int _failures;

    public RetryBackoff(TimeSpan max) => Max = max;

    public TimeSpan Max { get; }

    public int Failures => _failures;

    public void Reset() => _failures = 0;

    /// <summary>The wait before the next attempt (and counts the failure).</summary>
    public TimeSpan NextDelay()
    {
        var exponent = Math.Min(_failures++, 16);
        var delay = Math.Min(First.TotalMilliseconds * Math.Pow(2, exponent), Max.TotalMilliseconds);
        // Jitter (±20 %) keeps several streams from hammering a recovering server in lock step.
        return TimeSpan.FromMilliseconds(delay * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    public Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(NextDelay(), cancellationToken);
}
