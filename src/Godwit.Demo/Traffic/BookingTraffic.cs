using System.Diagnostics;
using System.Globalization;
using Godwit.Demo.Ledger;
using Godwit.Demo.Sources;
using Godwit.Routing;

namespace Godwit.Demo.Traffic;

/// <summary>
/// The booking app: <see cref="BookingTrafficOptions.Workers"/> sessions booking, confirming and cancelling at a steady
/// rate, following the routing file so that a cutover moves them from the source to PostgreSQL, retrying what the switch
/// interrupts. Every settled write goes to the ledger. Used by <c>godwit-demo traffic</c> and, in process, by tests.
/// </summary>
public sealed class BookingTraffic
{
    private readonly BookingTrafficOptions _options;

    public BookingTraffic(BookingTrafficOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled, the duration passes or the stop file appears; the
    /// writes in flight then settle (for up to <see cref="BookingTrafficOptions.StopGrace"/>) and the report is returned.
    /// </summary>
    public async Task<TrafficReport> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await using var follower = await RoutingFollower.StartAsync(
            _options.RoutingFile,
            new RoutingFollowerOptions { PollInterval = _options.RoutingPollInterval, RereadInterval = _options.RoutingPollInterval },
            cancellationToken);
        var initial = follower.Current;
        var switchSeenTicks = 0L;
        follower.Changed += (_, e) =>
        {
            if (e.Current.Primary != initial.Primary)
            {
                Interlocked.CompareExchange(ref switchSeenTicks, DateTimeOffset.UtcNow.UtcTicks, 0);
            }
        };

        var writer = new RoutedWriter(follower, new RoutedWriterOptions
        {
            IsRetryable = DemoRetryPolicy.IsRetryable,
            RetryTimeout = _options.RetryTimeout,
        });
        using var ledger = TrafficLedger.Open(_options.LedgerPath);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.Duration is { } duration)
        {
            stopping.CancelAfter(duration);
        }

        using var abandon = new CancellationTokenSource();
        using var stopRegistration = stopping.Token.Register(() => abandon.CancelAfter(_options.StopGrace));
        var catalog = await writer.ExecuteAsync(
            async (state, token) =>
            {
                await using var store = await BookingStores.OpenAsync(state.Primary, _options, token);
                return await store.LoadCatalogAsync(_options.OpenBookingsToLoad, token);
            },
            cancellationToken);
        if (catalog.Trips.Count == 0 || catalog.MaxCustomerId < 1)
        {
            throw new InvalidOperationException("The demo database has no trips or no customers: run godwit-demo seed first.");
        }

        var counters = new TrafficCounters();
        var seed = _options.Seed ?? Random.Shared.Next();
        var workers = Enumerable.Range(0, _options.Workers)
            .Select(i => new TrafficWorker(i, _options, writer, ledger, counters, catalog, new Random(unchecked(seed + (i * 7919)))))
            .Select(w => Task.Run(() => w.RunAsync(stopping.Token, abandon.Token), CancellationToken.None))
            .ToArray();
        using var watchers = new CancellationTokenSource();
        var stopFile = WatchStopFileAsync(stopping, watchers.Token);
        var progress = ReportProgressAsync(follower, writer, counters, watchers.Token);
        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            await watchers.CancelAsync();
            await stopFile;
            await progress;
        }

        var endedAt = DateTimeOffset.UtcNow;
        var (max, p50, p99, lastSourceAck, firstTargetAck, errors) = counters.Snapshot();
        var final = follower.Current;
        return new TrafficReport
        {
            Attempted = counters.Attempted,
            Acknowledged = counters.Acknowledged,
            Failed = counters.Failed,
            Retried = counters.Retried,
            Retries = writer.Retries,
            AcknowledgedOnSource = counters.OnSource,
            AcknowledgedOnTarget = counters.OnTarget,
            MaxLatencyMs = Math.Round(max, 1),
            P50LatencyMs = Math.Round(p50, 1),
            P99LatencyMs = Math.Round(p99, 1),
            StartedAt = startedAt,
            EndedAt = endedAt,
            WritesPerSecond = Math.Round(counters.Acknowledged / Math.Max(clock.Elapsed.TotalSeconds, 0.001), 1),
            FinalPrimary = final.Primary,
            FinalVersion = final.Version,
            SwitchSeenAt = Interlocked.Read(ref switchSeenTicks) is > 0 and var seen ? new DateTimeOffset(seen, TimeSpan.Zero) : null,
            SwitchedAt = final.SwitchedAt,
            LastSourceAckAt = lastSourceAck,
            FirstTargetAckAt = firstTargetAck,
            WriteGapMs = lastSourceAck is { } l && firstTargetAck is { } f && f > l ? Math.Round((f - l).TotalMilliseconds, 1) : null,
            Errors = errors,
        };
    }

    private async Task WatchStopFileAsync(CancellationTokenSource stopping, CancellationToken done)
    {
        if (_options.StopFile is not { } path)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                if (File.Exists(path))
                {
                    await stopping.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended first.
        }
    }

    private async Task ReportProgressAsync(RoutingFollower follower, RoutedWriter writer, TrafficCounters counters, CancellationToken done)
    {
        if (_options.Progress is not { } output)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.ProgressInterval);
        var last = 0L;
        var lastTime = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                var acknowledged = counters.Acknowledged;
                var now = Stopwatch.GetTimestamp();
                var rate = (acknowledged - last) / Math.Max(Stopwatch.GetElapsedTime(lastTime, now).TotalSeconds, 0.001);
                (last, lastTime) = (acknowledged, now);
                var state = follower.Current;
                var warning = follower.LastError is { } error ? $" · routing file: {error.Message}" : string.Empty;
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"traffic: {rate,5:0.0} writes/s on the {Name(state.Primary, _options.SourceEngine)}, routing v{state.Version} · {acknowledged} acknowledged · {counters.Retried} retried ({writer.Retries} retries) · {counters.Failed} failed · max latency {counters.MaxLatencyMs():0} ms{warning}"));
                await output.FlushAsync(done);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    internal static string Name(RoutingPrimary primary, IDemoSource source) => primary == RoutingPrimary.Target ? "target (PostgreSQL)" : $"source ({source.Name})";
}
