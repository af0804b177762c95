using System.Diagnostics;
using Godwit.Core.Positions;
using Godwit.Core.Providers;

namespace Godwit.Core.Engines.Cutover;

/// <summary>
/// Watches the change stream from the target: whether a process is applying it and how far it has applied (its
/// position is committed with the rows, so "applied up to the frozen position" is a read of the target's state).
/// </summary>
public sealed class StreamWatcher(ITargetControl target, IStreamPositionCodec codec)
{
    private static readonly TimeSpan LivenessCheck = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Polls until the stream has applied <paramref name="goal"/> or <paramref name="timeout"/> passes. Returns the
    /// last state read and the time it took; gives up early when nothing applies the stream any more.
    /// </summary>
    public async Task<StreamWait> WaitAppliedAsync(string stream, StreamPosition goal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(5);
        var checkedLiveAt = TimeSpan.Zero;
        while (true)
        {
            var state = await target.ReadStreamAsync(stream, cancellationToken).ConfigureAwait(false);
            if (state?.Applied is { } applied && codec.Compare(applied, goal) >= 0)
            {
                return new StreamWait(true, clock.Elapsed, state, null);
            }

            if (clock.Elapsed >= timeout)
            {
                return new StreamWait(false, clock.Elapsed, state, null);
            }

            if (clock.Elapsed - checkedLiveAt >= LivenessCheck)
            {
                checkedLiveAt = clock.Elapsed;
                if (await target.StreamApplierAsync(stream, cancellationToken).ConfigureAwait(false) is null)
                {
                    return new StreamWait(false, clock.Elapsed, state, $"the stream {stream} is not running (no godwit sync holds it)" + (state?.LastError is { } e ? $"; its last error: {e}" : string.Empty));
                }
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestPoll.Ticks));
        }
    }

    /// <summary>The position a state says is applied, as the operator reads it; null when nothing is.</summary>
    public string? Applied(StreamState? state) => state?.Applied is { } at ? codec.Format(at) : null;
}
