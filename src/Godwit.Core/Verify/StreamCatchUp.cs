using System.Globalization;
using Godwit.Core.Positions;
using Godwit.Core.Providers;

namespace Godwit.Core.Verify;

/// <summary>
/// Verify's consistent point while a change stream runs: the source position is the source's log head, and the wait
/// polls the stream's state on the target until its applied position is at or past it. The stream commits its
/// position with the rows, also when idle (past rotations, other databases' transactions and heartbeats), so on a
/// quiet source it reaches the head exactly. A stream that is stopped or failed is not waited for; a stream that did
/// not move during a whole timeout is then waited for only briefly, so verify against a stream that has exited does
/// not stall every chunk. Chunks are verified in parallel: each side's calls take turns on one connection.
/// </summary>
public sealed class StreamCatchUp : ITargetCatchUp, IAsyncDisposable
{
    private static readonly TimeSpan StalledWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(100);

    private readonly ISourceControl _source;
    private readonly ITargetControl _target;
    private readonly IStreamPositionCodec _codec;
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _sourceGate = new(1, 1);
    private readonly SemaphoreSlim _targetGate = new(1, 1);
    private StreamPosition? _stalledAt;
    private int _notRunningWarned;

    /// <param name="source">The source's control (its head); owned and disposed by this.</param>
    /// <param name="target">The target's control (the stream's state); owned and disposed by this.</param>
    /// <param name="codec">The source's positions.</param>
    /// <param name="stream">The stream's id.</param>
    /// <param name="log">Where a warning about a stream that does not move goes.</param>
    public StreamCatchUp(ISourceControl source, ITargetControl target, IStreamPositionCodec codec, string stream, Action<string> log)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _target = target ?? throw new ArgumentNullException(nameof(target));
        _codec = codec ?? throw new ArgumentNullException(nameof(codec));
        Stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>The stream's id in the target's state store.</summary>
    public string Stream { get; }

    /// <summary>The source's log head, as its codec writes it.</summary>
    public async ValueTask<string?> SourcePositionAsync(CancellationToken cancellationToken)
    {
        await _sourceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _codec.Format(await _source.HeadAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _sourceGate.Release();
        }
    }

    /// <summary>Polls the stream's applied position until it is at or past <paramref name="position"/>; false on timeout or a stream that is not running.</summary>
    public async ValueTask<bool> WaitUntilAppliedAsync(string? position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (position is null || !_codec.TryParse(position, out var goal, out _))
        {
            return true;
        }

        var started = DateTimeOffset.UtcNow;
        var delay = TimeSpan.FromMilliseconds(10);
        StreamPosition? first = null;
        while (true)
        {
            var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false);
            var applied = state?.Applied;
            if (applied is not null && _codec.Compare(applied, goal) >= 0)
            {
                Volatile.Write(ref _stalledAt, null);
                return true;
            }

            if (state is null || state.Status is "stopped" or "error")
            {
                // Nothing is applying changes: waiting cannot help (the re-check classifies what is in flight).
                return false;
            }

            if (first is null && await ApplierAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                // A stream that exited keeps its last status, but no process holds its lock: waiting cannot help, and a
                // source whose log moves on its own (PostgreSQL's WAL) would make every chunk wait out the timeout.
                if (Interlocked.Exchange(ref _notRunningWarned, 1) == 0)
                {
                    _log($"verify: warning: no process applies the change stream {Stream} (its state says {state.Status}): is it running? Chunks are compared without waiting for it.");
                }

                return false;
            }

            first ??= applied;
            var stalledAt = Volatile.Read(ref _stalledAt);
            var stalled = applied is not null && stalledAt is not null && _codec.Compare(applied, stalledAt) == 0;
            var limit = stalled && StalledWait < timeout ? StalledWait : timeout;
            if (DateTimeOffset.UtcNow - started >= limit)
            {
                var moved = applied is not null && first is not null && _codec.Compare(applied, first) != 0;
                if (!moved && !stalled && applied is not null && Interlocked.CompareExchange(ref _stalledAt, applied, stalledAt) == stalledAt)
                {
                    _log(string.Create(
                        CultureInfo.InvariantCulture,
                        $"verify: warning: the change stream {Stream} stayed at {_codec.Format(applied)} for {limit.TotalSeconds:0} s while the source is at {position}: is it running? Later chunks wait at most {StalledWait.TotalSeconds:0} s for it."));
                }

                return false;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestPoll.Ticks));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync().ConfigureAwait(false);
        await _target.DisposeAsync().ConfigureAwait(false);
        _sourceGate.Dispose();
        _targetGate.Dispose();
    }

    private async Task<int?> ApplierAsync(CancellationToken cancellationToken)
    {
        await _targetGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _target.StreamApplierAsync(Stream, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _targetGate.Release();
        }
    }

    private async Task<StreamState?> ReadStateAsync(CancellationToken cancellationToken)
    {
        await _targetGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _target.ReadStreamAsync(Stream, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _targetGate.Release();
        }
    }
}
