using System.Collections.Concurrent;
using System.Diagnostics;

namespace Godwit.Routing.Tests;

public sealed class RoutingFollowerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private readonly TemporaryRoutingFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Starting_on_a_missing_file_fails_naming_it()
    {
        var error = await Assert.ThrowsAsync<RoutingFileException>(() => RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None));

        Assert.Contains(_file.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_on_an_invalid_file_fails_naming_the_field()
    {
        await File.WriteAllTextAsync(_file.Path, """{"primary": "both", "version": 1}""");

        var error = await Assert.ThrowsAsync<RoutingFileException>(() => RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None));

        Assert.Equal("primary", error.Field);
        Assert.Contains(_file.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_switch_is_seen_within_a_bounded_time_and_raises_changed()
    {
        var initial = _file.WriteInitial();
        await using var follower = await RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None);
        var events = new ConcurrentQueue<RoutingChangedEventArgs>();
        follower.Changed += (_, e) => events.Enqueue(e);
        var switched = initial.SwitchedTo(RoutingPrimary.Target, DateTimeOffset.UtcNow);

        await RoutingFile.WriteAsync(_file.Path, switched, CancellationToken.None);
        var seen = await follower.WaitForChangeAsync(initial.Version, Bound, CancellationToken.None);

        Assert.Equal(switched, seen);
        Assert.Equal(switched, follower.Current);
        await Eventually.TrueAsync(() => !events.IsEmpty, Bound, "the Changed event");
        var change = Assert.Single(events);
        Assert.Equal(initial, change.Previous);
        Assert.Equal(switched, change.Current);
        Assert.Null(follower.LastError);
    }

    [Fact]
    public async Task Waiting_for_a_change_that_does_not_come_returns_the_unchanged_state_at_the_timeout()
    {
        var initial = _file.WriteInitial();
        await using var follower = await RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None);

        var started = Stopwatch.GetTimestamp();
        var state = await follower.WaitForChangeAsync(initial.Version, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(initial, state);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(290), $"returned after {elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Waiting_returns_at_once_when_the_version_is_already_newer()
    {
        var initial = _file.WriteInitial();
        await using var follower = await RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None);

        var state = await follower.WaitForChangeAsync(initial.Version - 1, Timeout.InfiniteTimeSpan, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(initial, state);
    }

    [Fact]
    public async Task A_missing_or_broken_file_keeps_the_last_good_state_and_reports_the_error_until_it_is_fixed()
    {
        var initial = _file.WriteInitial();
        await using var follower = await RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None);

        File.Delete(_file.Path);
        await Eventually.TrueAsync(() => follower.LastError is not null, Bound, "the missing file reported");
        Assert.Contains("is missing; keeping version 1 (primary source)", follower.LastError!.Message, StringComparison.Ordinal);
        Assert.Equal(initial, follower.Current);

        // Not atomic on purpose: what a hand edit or a half-finished copy leaves.
        await File.WriteAllTextAsync(_file.Path, """{"primary": "target", "vers""");
        await Eventually.TrueAsync(() => follower.LastError?.Message.Contains("not valid JSON", StringComparison.Ordinal) == true, Bound, "the broken file reported");
        Assert.Contains(_file.Path, follower.LastError!.Message, StringComparison.Ordinal);
        Assert.Equal(initial, follower.Current);

        var switched = initial.SwitchedTo(RoutingPrimary.Target, DateTimeOffset.UtcNow);
        RoutingFile.Write(_file.Path, switched);
        Assert.Equal(switched, await follower.WaitForChangeAsync(initial.Version, Bound, CancellationToken.None));
        Assert.Null(follower.LastError);
    }

    [Fact]
    public async Task A_version_that_goes_back_is_refused()
    {
        var initial = _file.WriteInitial() with { Version = 5 };
        RoutingFile.Write(_file.Path, initial);
        await using var follower = await RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None);

        RoutingFile.Write(_file.Path, initial with { Version = 3, Primary = RoutingPrimary.Target });
        await Eventually.TrueAsync(() => follower.LastError is not null, Bound, "the older version reported");

        var error = Assert.IsType<RoutingFileException>(follower.LastError);
        Assert.Equal("version", error.Field);
        Assert.Contains("went back from 5 to 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(initial, follower.Current);
    }

    [Fact]
    public async Task A_switch_without_a_new_version_is_refused()
    {
        var initial = _file.WriteInitial();
        await using var follower = await RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None);

        RoutingFile.Write(_file.Path, initial with { Primary = RoutingPrimary.Target });
        await Eventually.TrueAsync(() => follower.LastError is not null, Bound, "the unversioned switch reported");

        Assert.Equal("primary", Assert.IsType<RoutingFileException>(follower.LastError).Field);
        Assert.Equal(RoutingPrimary.Source, follower.Current.Primary);
    }

    [Fact]
    public async Task A_rewrite_that_keeps_the_size_and_an_old_timestamp_is_seen_by_the_periodic_reread()
    {
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var initial = _file.WriteInitial();
        File.SetLastWriteTimeUtc(_file.Path, old);
        var options = new RoutingFollowerOptions { RereadInterval = TimeSpan.FromMilliseconds(200) };
        await using var follower = await RoutingFollower.StartAsync(_file.Path, options, CancellationToken.None);
        await Task.Delay(150);

        var switched = initial.SwitchedTo(RoutingPrimary.Target, TemporaryRoutingFile.FirstSwitch);
        ReplaceKeepingTimestamp(switched, old);

        Assert.Equal(new FileInfo(_file.Path).Length, RoutingFile.Serialize(initial).Length);
        Assert.Equal(switched, await follower.WaitForChangeAsync(initial.Version, Bound, CancellationToken.None));
    }

    [Fact]
    public async Task A_rewrite_within_the_timestamp_granularity_is_seen_without_the_periodic_reread()
    {
        // A file system that keeps whole seconds: both writes land in the same second with the same size.
        // (The next whole second, so that a slow start cannot carry the test past the granularity window.)
        var now = DateTime.UtcNow;
        var second = now.AddTicks(TimeSpan.TicksPerSecond - (now.Ticks % TimeSpan.TicksPerSecond));
        var initial = _file.WriteInitial();
        File.SetLastWriteTimeUtc(_file.Path, second);
        var options = new RoutingFollowerOptions { RereadInterval = Timeout.InfiniteTimeSpan };
        await using var follower = await RoutingFollower.StartAsync(_file.Path, options, CancellationToken.None);
        await Task.Delay(150);

        var switched = initial.SwitchedTo(RoutingPrimary.Target, TemporaryRoutingFile.FirstSwitch);
        ReplaceKeepingTimestamp(switched, second);

        Assert.Equal(switched, await follower.WaitForChangeAsync(initial.Version, Bound, CancellationToken.None));
    }

    [Fact]
    public async Task An_exception_in_a_changed_handler_is_reported_and_following_goes_on()
    {
        var initial = _file.WriteInitial();
        await using var follower = await RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None);
        follower.Changed += (_, _) => throw new InvalidOperationException("handler bug");

        var first = initial.SwitchedTo(RoutingPrimary.Target, DateTimeOffset.UtcNow);
        RoutingFile.Write(_file.Path, first);
        await Eventually.TrueAsync(() => follower.LastError is InvalidOperationException, Bound, "the handler's exception reported");
        var second = first.SwitchedTo(RoutingPrimary.Source, DateTimeOffset.UtcNow);
        RoutingFile.Write(_file.Path, second);

        Assert.Equal(second, await follower.WaitForChangeAsync(first.Version, Bound, CancellationToken.None));
    }

    [Fact]
    public async Task Refresh_reads_the_file_without_waiting_for_a_poll()
    {
        var initial = _file.WriteInitial();
        var options = new RoutingFollowerOptions { PollInterval = TimeSpan.FromHours(1), RereadInterval = Timeout.InfiniteTimeSpan };
        await using var follower = await RoutingFollower.StartAsync(_file.Path, options, CancellationToken.None);
        var switched = initial.SwitchedTo(RoutingPrimary.Target, DateTimeOffset.UtcNow);
        RoutingFile.Write(_file.Path, switched);

        Assert.Equal(initial, follower.Current);
        Assert.Equal(switched, await follower.RefreshAsync(CancellationToken.None));
    }

    // The new content gets its timestamp before it appears, so no poll can see it with another timestamp.
    private void ReplaceKeepingTimestamp(RoutingState state, DateTime lastWriteUtc)
    {
        var next = _file.Path + ".next";
        RoutingFile.Write(next, state);
        File.SetLastWriteTimeUtc(next, lastWriteUtc);
        File.Move(next, _file.Path, overwrite: true);
        Assert.Equal(lastWriteUtc, File.GetLastWriteTimeUtc(_file.Path));
    }
}
