using System.Collections.Concurrent;

namespace Godwit.Core.Sync;

/// <summary>
/// The change stream's live numbers, written by the apply loop and read by the metrics endpoint and
/// progress output from other threads (hence Interlocked and volatile reads; a torn read of a gauge is harmless).
/// </summary>
public sealed class SyncMetrics
{
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _rowsInserted;
    private long _rowsUpdated;
    private long _rowsDeleted;
    private long _events;
    private long _transactions;
    private long _ddl;
    private long _reconnects;
    private long _lagMicros;
    private long _bytesBehind;
    private long _lastEventUnixMillis;
    private long _lastCommitUnixMillis;

    /// <summary>When the stream lost a connection and has not committed since (Unix ms; 0: it is not stalled).</summary>
    private long _stalledSinceUnixMillis;

    public long RowsInserted => Interlocked.Read(ref _rowsInserted);

    public long RowsUpdated => Interlocked.Read(ref _rowsUpdated);

    public long RowsDeleted => Interlocked.Read(ref _rowsDeleted);

    public long RowsApplied => RowsInserted + RowsUpdated + RowsDeleted;

    public long EventsApplied => Interlocked.Read(ref _events);

    public long TransactionsApplied => Interlocked.Read(ref _transactions);

    public long DdlApplied => Interlocked.Read(ref _ddl);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>
    /// The lag at the last commit; while the stream is stalled (a connection lost, nothing committed since) it grows
    /// by the time the stall has lasted, so dashboards and alerts see a stall as lag, not as a stream at rest.
    /// </summary>
    public double LagSeconds
    {
        get
        {
            var lag = Interlocked.Read(ref _lagMicros) / 1_000_000.0;
            var stalledSince = Interlocked.Read(ref _stalledSinceUnixMillis);
            return stalledSince == 0 ? lag : lag + Math.Max(0, (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - stalledSince) / 1000.0);
        }
    }

    public long BytesBehind => Interlocked.Read(ref _bytesBehind);

    /// <summary>Source timestamp of the last applied event, Unix milliseconds (0 before the first).</summary>
    public long LastEventUnixMillis => Interlocked.Read(ref _lastEventUnixMillis);

    public long LastCommitUnixMillis => Interlocked.Read(ref _lastCommitUnixMillis);

    public IReadOnlyDictionary<string, long> Errors => _errors;

    public void CountRow(SyncRowKind kind)
    {
        switch (kind)
        {
            case SyncRowKind.Insert:
                Interlocked.Increment(ref _rowsInserted);
                break;
            case SyncRowKind.Update:
                Interlocked.Increment(ref _rowsUpdated);
                break;
            default:
                Interlocked.Increment(ref _rowsDeleted);
                break;
        }
    }

    public void CountEvent() => Interlocked.Increment(ref _events);

    public void CountCommit(long transactions, DateTimeOffset committedAt)
    {
        Interlocked.Add(ref _transactions, transactions);
        Interlocked.Exchange(ref _lastCommitUnixMillis, committedAt.ToUnixTimeMilliseconds());
        Interlocked.Exchange(ref _stalledSinceUnixMillis, 0);
    }

    public void CountDdl() => Interlocked.Increment(ref _ddl);

    /// <summary>A lost connection: counted, and the stall starts (if it has not already) until the next commit.</summary>
    public void CountReconnect(DateTimeOffset at)
    {
        Interlocked.Increment(ref _reconnects);
        Interlocked.CompareExchange(ref _stalledSinceUnixMillis, at.ToUnixTimeMilliseconds(), 0);
    }

    public void CountError(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public void SetLag(TimeSpan lag) => Interlocked.Exchange(ref _lagMicros, Math.Max(0, (long)(lag.TotalMilliseconds * 1000)));

    public void SetBytesBehind(long bytes) => Interlocked.Exchange(ref _bytesBehind, Math.Max(0, bytes));

    public void SetLastEventTime(DateTimeOffset time) => Interlocked.Exchange(ref _lastEventUnixMillis, time.ToUnixTimeMilliseconds());
}
