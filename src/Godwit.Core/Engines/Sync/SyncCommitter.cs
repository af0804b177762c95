using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Sync;
using Microsoft.Extensions.Logging;

namespace Godwit.Core.Engines.Sync;

/// <summary>
/// The stream's batch and its commits: the resume point reached, what the open target transaction holds, when it
/// commits (<see cref="ShouldCommit"/>), and what the target holds once it has (<see cref="Committed"/>). A commit
/// while busy is pipelined (<see cref="IApplySession.SubmitCommitAsync"/>): the stream reads on while it runs, and
/// its bookkeeping (the committed position, metrics) is done once it has completed, at the next commit at the latest.
/// </summary>
internal sealed class SyncCommitter(SyncEngine engine, IApplySession session, string stream)
{
    private readonly IStreamPositionCodec _codec = engine.Codec;
    private readonly SyncMetrics _metrics = engine.Metrics;
    private StreamPosition? _checkpoint;
    private StreamPosition? _sourceHead;
    private DateTimeOffset? _lastEventTime;
    private DateTimeOffset _lastCommit = DateTimeOffset.UtcNow;
    private DateTimeOffset? _batchStarted;
    private SubmittedCommit? _submitted;
    private RetryBackoff? _backoff;
    private long _events;
    private long _rows;
    private long _transactions;
    private bool _dirty;

    /// <summary>The position the target holds (null before the first commit when only GTIDs said where it started).</summary>
    public StreamPosition? Committed { get; set; }

    /// <summary>Told each position the target has committed (the change source's <see cref="Providers.Changes.IChangeSource.Acknowledge"/>).</summary>
    public Action<StreamPosition>? OnCommitted { get; set; }

    /// <summary>The backoff to reset on the first commit that gets through (not on connecting: a target that takes the connection but fails every commit must be retried ever more slowly).</summary>
    public void ResetOnCommit(RetryBackoff backoff) => _backoff = backoff;

    /// <summary>Moves the resume point to <paramref name="at"/> if it is further on (the source moved past events the stream passes over).</summary>
    public void Advance(StreamPosition at)
    {
        if (_checkpoint is null || _codec.Compare(at, _checkpoint) is not { } order || order > 0)
        {
            _checkpoint = at;
            _dirty = true;
        }
    }

    /// <summary>A heartbeat: the source's head, and when the stream is between transactions, a resume point there.</summary>
    public void Heartbeat(StreamPosition head, StreamPosition resumePoint, bool midTransaction)
    {
        _sourceHead = head;
        if (!midTransaction)
        {
            // Idle between transactions: everything up to the source's head has been read, so it is a safe resume point.
            Advance(resumePoint);
        }

        UpdateBehind();
    }

    /// <summary>A source transaction ended at <paramref name="checkpoint"/>.</summary>
    public void TransactionEnded(StreamPosition? checkpoint)
    {
        _checkpoint = checkpoint ?? _checkpoint;
        _transactions++;
        _dirty = true;
    }

    /// <summary>A row event of a migrated table, applied in the open transaction (its time is <see cref="SawEventAt"/>'s).</summary>
    public void CountEvent()
    {
        _events++;
        _metrics.CountEvent();
        _batchStarted ??= DateTimeOffset.UtcNow;
    }

    /// <summary>The source time of the last row event read, applied or passed over (for the lag).</summary>
    public void SawEventAt(DateTimeOffset time) => _lastEventTime = time;

    public void CountRow(SyncRowKind kind)
    {
        _rows++;
        _metrics.CountRow(kind);
    }

    /// <summary>A schema change was applied in the open transaction.</summary>
    public void CountDdl()
    {
        _batchStarted ??= DateTimeOffset.UtcNow;
        _metrics.CountDdl();
    }

    public bool ShouldCommit() =>
        _transactions >= engine.Options.MaxTransactionsPerCommit
        || _rows >= engine.Options.MaxRowsPerCommit
        || (_batchStarted is { } started && DateTimeOffset.UtcNow - started >= engine.Options.MaxCommitDelay);

    /// <summary>Whether the target holds everything up to <paramref name="goal"/>.</summary>
    public bool CaughtUp(StreamPosition? goal) => goal is not null && Committed is not null && _codec.Compare(Committed, goal) >= 0;

    /// <summary>
    /// Commits the open apply transaction with the position of the last complete source transaction: submitted while
    /// busy, waited for when idle and with <paramref name="wait"/>.
    /// </summary>
    public async Task CommitAsync(bool idle, bool wait = false)
    {
        await FinishAsync().ConfigureAwait(false);
        if (!_dirty || _checkpoint is not { } position)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var lag = idle || _lastEventTime is null ? TimeSpan.Zero : now - _lastEventTime.Value;
        var seconds = Math.Max((now - _lastCommit).TotalSeconds, 0.001);
        var progress = new StreamProgress
        {
            Position = position,
            LastEventTime = _lastEventTime,
            Events = _events,
            Rows = _rows,
            Transactions = _transactions,
            LagSeconds = Math.Max(0, lag.TotalSeconds),
            EventsPerSecond = _events / seconds,
            SourceHead = _sourceHead,
            Status = idle ? "caught-up" : "running",
            Epoch = engine.Options.Epoch,
        };

        // The commit itself is not cancelled: a stop finishes the transaction it has started committing.
        var done = await session.SubmitCommitAsync(progress, CancellationToken.None).ConfigureAwait(false);
        _submitted = new SubmittedCommit(done, position, _transactions, now, lag, _lastEventTime);
        _lastCommit = now;
        _batchStarted = null;
        _events = 0;
        _rows = 0;
        _transactions = 0;
        _dirty = false;
        if (idle || wait)
        {
            await FinishAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the commit in flight, if any, and records it: the position the target now holds, and the metrics.</summary>
    public async Task FinishAsync()
    {
        if (_submitted is not { } commit)
        {
            return;
        }

        _submitted = null;
        await commit.Done.ConfigureAwait(false);
        _backoff?.Reset();
        Committed = commit.Position;
        OnCommitted?.Invoke(commit.Position);
        engine.Logger.LogDebug("godwit: sync: committed {Transactions} transactions of stream {Stream} up to {Position}", commit.Transactions, stream, _codec.Format(commit.Position));
        _metrics.CountCommit(commit.Transactions, commit.At);
        _metrics.SetLag(commit.Lag);
        if (commit.LastEventTime is { } t)
        {
            _metrics.SetLastEventTime(t);
        }

        UpdateBehind();
    }

    private void UpdateBehind()
    {
        if (_sourceHead is { } head && Committed is { } committed && _codec.Distance(committed, head) is { } bytes)
        {
            _metrics.SetBytesBehind(bytes);
        }
    }
}
