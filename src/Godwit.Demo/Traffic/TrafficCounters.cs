using Godwit.Routing;

namespace Godwit.Demo.Traffic;

/// <summary>The run's tallies, shared by the workers and read by the progress line and the report.</summary>
internal sealed class TrafficCounters
{
    private const int MaxErrors = 10;

    private readonly Lock _lock = new();
    private readonly List<double> _latencies = [];
    private readonly List<string> _errors = [];
    private long _sequence;
    private long _attempted;
    private long _acknowledged;
    private long _failed;
    private long _retried;
    private long _onSource;
    private long _onTarget;
    private DateTimeOffset? _lastSourceAck;
    private DateTimeOffset? _firstTargetAck;
    private double _maxLatency;

    public long Attempted => Interlocked.Read(ref _attempted);

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Failed => Interlocked.Read(ref _failed);

    public long Retried => Interlocked.Read(ref _retried);

    public long OnSource => Interlocked.Read(ref _onSource);

    public long OnTarget => Interlocked.Read(ref _onTarget);

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Started() => Interlocked.Increment(ref _attempted);

    public void Acknowledge(RoutingPrimary primary, int attempts, double latencyMs, DateTimeOffset at)
    {
        Interlocked.Increment(ref _acknowledged);
        Interlocked.Increment(ref primary == RoutingPrimary.Source ? ref _onSource : ref _onTarget);
        if (attempts > 1)
        {
            Interlocked.Increment(ref _retried);
        }

        lock (_lock)
        {
            _latencies.Add(latencyMs);
            _maxLatency = Math.Max(_maxLatency, latencyMs);
            if (primary == RoutingPrimary.Source)
            {
                // The pause is measured at the first switch: writes on the source again after a rollback do not count.
                if (_firstTargetAck is not { } switched || at < switched)
                {
                    _lastSourceAck = _lastSourceAck is { } last && last > at ? last : at;
                }
            }
            else
            {
                _firstTargetAck = _firstTargetAck is { } first && first < at ? first : at;
            }
        }
    }

    public void Fail(int attempts, string error)
    {
        Interlocked.Increment(ref _failed);
        if (attempts > 1)
        {
            Interlocked.Increment(ref _retried);
        }

        lock (_lock)
        {
            if (_errors.Count < MaxErrors && !_errors.Contains(error))
            {
                _errors.Add(error);
            }
        }
    }

    public (double Max, double P50, double P99, DateTimeOffset? LastSourceAck, DateTimeOffset? FirstTargetAck, IReadOnlyList<string> Errors) Snapshot()
    {
        lock (_lock)
        {
            var sorted = _latencies.Order().ToArray();
            return (
                sorted.Length == 0 ? 0 : sorted[^1],
                Percentile(sorted, 0.50),
                Percentile(sorted, 0.99),
                _lastSourceAck,
                _firstTargetAck,
                [.. _errors]);
        }
    }

    public double MaxLatencyMs()
    {
        lock (_lock)
        {
            return _maxLatency;
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
