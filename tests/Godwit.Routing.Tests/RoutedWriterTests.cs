using System.Collections.Concurrent;
using System.Diagnostics;

namespace Godwit.Routing.Tests;

public sealed class RoutedWriterTests : IAsyncLifetime
{
    private const int ReadOnly = 1290;
    private readonly TemporaryRoutingFile _file = new();
    private RoutingFollower _follower = null!;
    private RoutingState _initial = null!;

    public async Task InitializeAsync()
    {
        _initial = _file.WriteInitial();
        _follower = await RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _follower.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task A_write_refused_during_a_switch_is_retried_on_the_new_primary_as_soon_as_the_switch_is_seen()
    {
        // The first wait is an hour, so only the switch itself can end it (the test's own guard is a minute).
        var writer = new RoutedWriter(_follower, Options(initialDelay: TimeSpan.FromHours(1), retryTimeout: TimeSpan.FromHours(2)));
        var attempts = new List<RoutingState>();

        var result = await writer.ExecuteAsync(
            async (state, token) =>
            {
                attempts.Add(state);
                if (state.Primary == RoutingPrimary.Source)
                {
                    await RoutingFile.WriteAsync(_file.Path, state.SwitchedTo(RoutingPrimary.Target, DateTimeOffset.UtcNow), token);
                    throw new SimulatedDriverException(ReadOnly);
                }

                return "booked";
            },
            CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("booked", result);
        Assert.Equal([(RoutingPrimary.Source, 1L), (RoutingPrimary.Target, 2L)], attempts.Select(s => (s.Primary, s.Version)));
        Assert.Equal((1, 1, 0, 1), (writer.Writes, writer.Retries, writer.Failures, writer.SwitchesSeen));
    }

    [Fact]
    public async Task Without_a_switch_the_write_is_retried_on_the_same_primary()
    {
        var writer = new RoutedWriter(_follower, Options());
        var attempts = new List<RoutingState>();

        await writer.ExecuteAsync(
            (state, _) =>
            {
                attempts.Add(state);
                return attempts.Count <= 2 ? Task.FromException(new SimulatedDriverException(ReadOnly)) : Task.CompletedTask;
            },
            CancellationToken.None);

        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, s => Assert.Equal(_initial, s));
        Assert.Equal((1, 2, 0, 0), (writer.Writes, writer.Retries, writer.Failures, writer.SwitchesSeen));
    }

    [Fact]
    public async Task The_waits_between_attempts_double_from_the_initial_delay()
    {
        var writer = new RoutedWriter(_follower, Options(initialDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromMilliseconds(400)));
        var times = new List<long>();

        await writer.ExecuteAsync(
            (_, _) =>
            {
                times.Add(Stopwatch.GetTimestamp());
                return times.Count <= 4 ? Task.FromException(new SimulatedDriverException(ReadOnly)) : Task.CompletedTask;
            },
            CancellationToken.None);

        var waits = times.Zip(times.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).ToList();
        Assert.Equal(4, waits.Count);
        // Lower bounds only: a loaded machine may wait longer, never shorter (no upper-bound timings in tests).
        Assert.All(waits.Zip([100, 200, 400, 400]), w => Assert.True(w.First >= w.Second * 0.9, $"waited {w.First:0} ms where at least {w.Second} ms was due"));
    }

    [Fact]
    public async Task A_write_that_keeps_failing_is_given_up_after_the_retry_timeout()
    {
        var writer = new RoutedWriter(_follower, Options(retryTimeout: TimeSpan.FromMilliseconds(400), maxDelay: TimeSpan.FromMilliseconds(100)));
        var thrown = new List<Exception>();

        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<RoutedWriteException>(() => writer.ExecuteAsync<int>(
            (_, _) =>
            {
                var e = new SimulatedDriverException(2013);
                thrown.Add(e);
                return Task.FromException<int>(e);
            },
            CancellationToken.None));
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Same(thrown[^1], error.InnerException);
        Assert.Equal(thrown.Count, error.Attempts);
        // At least one retry; how many fit in the timeout depends on the machine's load (no timing bounds in tests).
        Assert.True(error.Attempts >= 2, $"{error.Attempts} attempts");
        Assert.Equal(_initial, error.LastState);
        Assert.Contains($"{error.Attempts} attempts", error.Message, StringComparison.Ordinal);
        Assert.True(error.Elapsed >= TimeSpan.FromMilliseconds(400), $"reported {error.Elapsed.TotalMilliseconds} ms");
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(400), $"gave up after {elapsed.TotalMilliseconds} ms");
        Assert.Equal((0, thrown.Count - 1, 1), (writer.Writes, writer.Retries, writer.Failures));
    }

    [Fact]
    public async Task A_non_retryable_exception_propagates_at_once_without_a_retry()
    {
        // A retry would wait an hour: the call returning at all shows there was none.
        var writer = new RoutedWriter(_follower, Options(initialDelay: TimeSpan.FromHours(1), retryTimeout: TimeSpan.FromHours(2)));
        var duplicateKey = new SimulatedDriverException(1062);
        var calls = 0;

        var error = await Assert.ThrowsAsync<SimulatedDriverException>(() => writer.ExecuteAsync(
            (_, _) =>
            {
                calls++;
                return Task.FromException(duplicateKey);
            },
            CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Same(duplicateKey, error);
        Assert.Equal(1, calls);
        Assert.Equal((0, 0, 1), (writer.Writes, writer.Retries, writer.Failures));
    }

    [Fact]
    public async Task Cancelling_a_write_while_it_waits_to_retry_stops_it()
    {
        var writer = new RoutedWriter(_follower, Options(initialDelay: TimeSpan.FromSeconds(20)));
        using var cancel = new CancellationTokenSource();

        var write = writer.ExecuteAsync((_, _) => Task.FromException(new SimulatedDriverException(ReadOnly)), cancel.Token);
        await Eventually.TrueAsync(() => writer.Retries == 1, TimeSpan.FromSeconds(5), "the first retry scheduled");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal((0, 1, 0, 1), (writer.Writes, writer.Retries, writer.Failures, writer.Cancellations));
    }

    [Fact]
    public async Task The_counters_add_up_across_concurrent_writes_and_a_switch()
    {
        var writer = new RoutedWriter(_follower, Options());
        var attempts = new ConcurrentDictionary<int, int>();
        using var switchNow = new SemaphoreSlim(0);

        // Writes 0-9 succeed at once, 10-29 are refused by the source until the switch, 30-34 fail for good.
        var writes = Enumerable.Range(0, 35).Select(i => Task.Run(() => writer.ExecuteAsync(
            (state, _) =>
            {
                attempts.AddOrUpdate(i, 1, (_, n) => n + 1);
                return i switch
                {
                    >= 30 => Task.FromException(new SimulatedDriverException(1062)),
                    >= 10 when state.Primary == RoutingPrimary.Source => Task.FromException(new SimulatedDriverException(ReadOnly)),
                    _ => Task.CompletedTask,
                };
            },
            CancellationToken.None))).ToList();
        await Eventually.TrueAsync(() => attempts.Count == 35 && writer.Retries >= 20, TimeSpan.FromSeconds(10), "every write attempted");
        await RoutingFile.WriteAsync(_file.Path, _initial.SwitchedTo(RoutingPrimary.Target, DateTimeOffset.UtcNow), CancellationToken.None);
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return true;
            }
            catch (SimulatedDriverException)
            {
                return false;
            }
        }));

        Assert.Equal(30, outcomes.Count(ok => ok));
        Assert.Equal(30, writer.Writes);
        Assert.Equal(5, writer.Failures);
        Assert.Equal(0, writer.Cancellations);
        Assert.Equal(writer.Writes + writer.Failures + writer.Retries, attempts.Values.Sum());
        Assert.Equal(1, writer.SwitchesSeen);
    }

    private static RoutedWriterOptions Options(TimeSpan? initialDelay = null, TimeSpan? maxDelay = null, TimeSpan? retryTimeout = null) => new()
    {
        IsRetryable = SimulatedDriverException.IsRetryable,
        InitialDelay = initialDelay ?? TimeSpan.FromMilliseconds(20),
        MaxDelay = maxDelay ?? initialDelay ?? TimeSpan.FromSeconds(1),
        RetryTimeout = retryTimeout ?? TimeSpan.FromSeconds(30),
    };
}
