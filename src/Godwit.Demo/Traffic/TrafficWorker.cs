using System.Diagnostics;
using Godwit.Core.Connections;
using Godwit.Demo.Ledger;
using Godwit.Routing;

namespace Godwit.Demo.Traffic;

/// <summary>
/// One session of the booking app: at its share of the rate it books, confirms and cancels its own bookings, every
/// write through the <see cref="RoutedWriter"/>. It keeps one connection to the current primary and throws it away on
/// any error or when the routing names another primary.
/// </summary>
internal sealed class TrafficWorker
{
    // After a pause (a write freeze) the worker goes on at its pace rather than bursting to make up for lost time.
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(1);

    private readonly int _index;
    private readonly BookingTrafficOptions _options;
    private readonly RoutedWriter _writer;
    private readonly TrafficLedger _ledger;
    private readonly TrafficCounters _counters;
    private readonly WritePlanner _planner;
    private IBookingStore? _store;

    public TrafficWorker(
        int index, BookingTrafficOptions options, RoutedWriter writer, TrafficLedger ledger, TrafficCounters counters, AppCatalog catalog, Random random)
    {
        _index = index;
        _options = options;
        _writer = writer;
        _ledger = ledger;
        _counters = counters;
        _planner = new WritePlanner(catalog, random, catalog.OpenBookings.Where((_, i) => i % options.Workers == index));
    }

    /// <param name="stopping">Stops starting new writes.</param>
    /// <param name="abandon">Abandons the write in flight.</param>
    public async Task RunAsync(CancellationToken stopping, CancellationToken abandon)
    {
        var interval = TimeSpan.FromSeconds(_options.Workers / _options.Rate);
        var next = Stopwatch.GetTimestamp() + (long)(interval.TotalSeconds * Stopwatch.Frequency * _index / _options.Workers);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, stopping);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                var now = Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(next, now) > MaxLag)
                {
                    next = now;
                }

                await WriteOnceAsync(_planner.Next(), abandon);
            }
        }
        finally
        {
            await DiscardStoreAsync();
        }
    }

    private async Task WriteOnceAsync(BookingWrite write, CancellationToken abandon)
    {
        var started = Stopwatch.GetTimestamp();
        var attempts = 0;
        RoutingState? last = null;
        string? retriedThrough = null;
        _counters.Started();
        try
        {
            var settled = await _writer.ExecuteAsync(
                async (state, token) =>
                {
                    attempts++;
                    last = state;
                    try
                    {
                        var store = await StoreAsync(state.Primary, token);
                        await write.ApplyAsync(store, token);
                    }
                    catch (Exception e)
                    {
                        // Whatever failed, the session may hold an open transaction: it goes, and the retry opens a new one.
                        retriedThrough ??= Describe(e);
                        await DiscardStoreAsync();
                        throw;
                    }

                    return state;
                },
                abandon);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var at = DateTimeOffset.UtcNow;
            _counters.Acknowledge(settled.Primary, attempts, latency, at);
            _ledger.Append(Entry(write, true, settled, attempts, at, latency, attempts > 1 ? retriedThrough : null));
            _planner.Settled(write);
        }
        catch (Exception e)
        {
            var message = e is OperationCanceledException ? "abandoned at stop: outcome unknown" : Describe(e);
            var at = DateTimeOffset.UtcNow;
            _counters.Fail(attempts, $"{write.Operation.ToString().ToLowerInvariant()}: {message}");
            _ledger.Append(Entry(write, false, last, attempts, at, Stopwatch.GetElapsedTime(started).TotalMilliseconds, message));
            _planner.Forget(write.Reference);
        }
    }

    private LedgerEntry Entry(BookingWrite write, bool acknowledged, RoutingState? state, int attempts, DateTimeOffset at, double latency, string? error) =>
        new(
            _counters.NextSequence(),
            _index,
            write.Operation,
            write.Reference,
            write.StatusAfter,
            write.Payment,
            acknowledged,
            state?.Primary ?? RoutingPrimary.Source,
            state?.Version ?? -1,
            attempts,
            at,
            Math.Round(latency, 3),
            error);

    private async Task<IBookingStore> StoreAsync(RoutingPrimary primary, CancellationToken cancellationToken)
    {
        if (_store is { } current && current.Primary == primary)
        {
            return current;
        }

        await DiscardStoreAsync();
        _store = await BookingStores.OpenAsync(primary, _options, cancellationToken);
        return _store;
    }

    private async Task DiscardStoreAsync()
    {
        if (_store is not { } store)
        {
            return;
        }

        _store = null;
        try
        {
            await store.DisposeAsync();
        }
        catch (Exception)
        {
            // The session is being thrown away because it failed; closing it may fail the same way.
        }
    }

    private static string Describe(Exception e)
    {
        var inner = e is RoutedWriteException { InnerException: { } cause } ? $"{e.Message}: {cause.GetType().Name}: {cause.Message}" : $"{e.GetType().Name}: {e.Message}";
        return SecretMasker.Mask(inner);
    }
}
