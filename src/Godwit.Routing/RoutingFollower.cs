using System.Diagnostics;

namespace Godwit.Routing;

/// <summary>
/// Follows a routing file by polling it: a stat every <see cref="RoutingFollowerOptions.PollInterval"/> (50 ms by
/// default), a read only when the file's timestamp or size changed. A missing or invalid file is treated as a
/// transient fault (a human editing it, a restore in progress): the last good state stays <see cref="Current"/> and
/// the fault is reported through <see cref="LastError"/>. A state whose version is lower than the current one, or
/// which changes the primary without raising the version, is refused the same way: the version only ever grows.
/// </summary>
public sealed class RoutingFollower : IAsyncDisposable
{
    // A rewrite within the file system's timestamp granularity (2 s on FAT, 1 s on ext3 and HFS+) may keep both the
    // timestamp and the size ("source" and "target" have the same length). A stamp is trusted only once it was read
    // more than this long after its timestamp; before that the file is re-read on every poll (git's "racy clean").
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly RoutingFollowerOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private RoutingState _current;
    private TaskCompletionSource _changedSignal = NewSignal();
    private Exception? _lastError;
    private FileStamp? _stamp;
    private DateTime _lastReadUtc;
    private Task _polling = Task.CompletedTask;
    private int _disposed;

    private RoutingFollower(string filePath, RoutingFollowerOptions options, RoutingState initial, FileStamp? stamp, DateTime readUtc)
    {
        FilePath = filePath;
        _options = options;
        _current = initial;
        _stamp = stamp;
        _lastReadUtc = readUtc;
    }

    /// <summary>
    /// Raised on the polling thread after the version grew (<see cref="Current"/> is already the new state). Keep
    /// handlers short, and never block on <see cref="RefreshAsync"/> in one: polling waits for them. An exception a
    /// handler throws is reported through <see cref="LastError"/>.
    /// A switch can happen before a handler is attached: <see cref="Current"/> is the truth, the event a notification.
    /// </summary>
    public event EventHandler<RoutingChangedEventArgs>? Changed;

    /// <summary>The full path of the followed file.</summary>
    public string FilePath { get; }

    /// <summary>The last good state read from the file.</summary>
    public RoutingState Current => Volatile.Read(ref _current);

    /// <summary>
    /// The latest fault (a <see cref="RoutingFileException"/> for a missing, unreadable, invalid or backwards file,
    /// or what a <see cref="Changed"/> handler threw), or null once the file was read successfully again.
    /// </summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Reads the file and starts following it until disposed.</summary>
    /// <param name="path">The routing file.</param>
    /// <param name="options">Polling options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start only; following stops at <see cref="DisposeAsync"/>.</param>
    /// <exception cref="RoutingFileException">The file does not exist, cannot be read or is invalid.</exception>
    public static async Task<RoutingFollower> StartAsync(string path, RoutingFollowerOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new RoutingFollowerOptions();
        options.Validate();
        var fullPath = Path.GetFullPath(path);
        var readUtc = DateTime.UtcNow;
        var stamp = FileStamp.Of(fullPath);
        var initial = await RoutingFile.ReadAsync(fullPath, cancellationToken).ConfigureAwait(false)
            ?? throw new RoutingFileException(fullPath, null, "does not exist; it must be written (godwit cutover writes it) before the application starts");
        var follower = new RoutingFollower(fullPath, options, initial, stamp, readUtc);
        follower._polling = Task.Run(() => follower.PollAsync(follower._stop.Token), CancellationToken.None);
        return follower;
    }

    /// <summary>
    /// Returns as soon as <see cref="Current"/> has a version greater than <paramref name="afterVersion"/> (at once
    /// if it already has); after <paramref name="timeout"/> returns <see cref="Current"/> unchanged.
    /// </summary>
    /// <param name="afterVersion">The version the caller already knows.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> to wait until a switch.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<RoutingState> WaitForChangeAsync(long afterVersion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        }

        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            // The signal is taken before the state: a switch in between completes this very signal, so none is lost.
            var signal = Volatile.Read(ref _changedSignal).Task;
            var current = Current;
            if (current.Version > afterVersion)
            {
                return current;
            }

            var wait = Timeout.InfiniteTimeSpan;
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                wait = timeout - Stopwatch.GetElapsedTime(started);
                if (wait <= TimeSpan.Zero)
                {
                    return current;
                }
            }

            try
            {
                await signal.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return Current;
            }
        }
    }

    /// <summary>Checks the file now, without waiting for the next poll, and returns <see cref="Current"/>.</summary>
    public async Task<RoutingState> RefreshAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await CheckAsync(force: true, cancellationToken).ConfigureAwait(false);
        return Current;
    }

    /// <summary>Stops following the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _polling.ConfigureAwait(false);
        _stop.Dispose();
        _gate.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await CheckAsync(force: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async Task CheckAsync(bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The clock, then the stamp, then the content: a rewrite in between pairs an older stamp with newer content,
            // which costs one more read at the next poll, never a missed switch.
            var nowUtc = DateTime.UtcNow;
            var stamp = FileStamp.Of(FilePath);
            if (stamp is { } known && !force && !IsReadDue(known))
            {
                return;
            }

            var state = stamp is null ? null : await RoutingFile.ReadAsync(FilePath, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                _stamp = null;
                Fail(new RoutingFileException(FilePath, null, $"is missing; keeping {Describe(Current)}"));
                return;
            }

            _stamp = stamp;
            _lastReadUtc = nowUtc;
            Accept(state);
        }
        catch (RoutingFileException e)
        {
            Fail(new RoutingFileException(e.FilePath ?? FilePath, e.Field, $"{e.Problem ?? e.Message}; keeping {Describe(Current)}", e));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Fail(e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsReadDue(FileStamp stamp) =>
        stamp != _stamp
        || _lastReadUtc - stamp.LastWriteUtc < RacyWindow
        || (_options.RereadInterval != Timeout.InfiniteTimeSpan && DateTime.UtcNow - _lastReadUtc >= _options.RereadInterval);

    private void Accept(RoutingState state)
    {
        var previous = Current;
        if (state.Version < previous.Version)
        {
            Fail(new RoutingFileException(FilePath, RoutingFields.Version, $"went back from {previous.Version} to {state.Version}; keeping {Describe(previous)}: the version must only grow"));
            return;
        }

        if (state.Version == previous.Version && state.Primary != previous.Primary)
        {
            Fail(new RoutingFileException(FilePath, RoutingFields.Primary, $"changed without a new version; keeping {Describe(previous)}: every switch must raise the version"));
            return;
        }

        if (TenantFault(previous, state) is { } fault)
        {
            Fail(new RoutingFileException(FilePath, fault.Field, $"{fault.Problem}; keeping {Describe(previous)}"));
            return;
        }

        Volatile.Write(ref _current, state);
        Volatile.Write(ref _lastError, null);
        if (state.Version == previous.Version)
        {
            return;
        }

        Interlocked.Exchange(ref _changedSignal, NewSignal()).TrySetResult();
        try
        {
            Changed?.Invoke(this, new RoutingChangedEventArgs(previous, state));
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void Fail(Exception error) => Volatile.Write(ref _lastError, error);

    /// <summary>The version rule, per tenant: an entry's version never goes down, its primary never changes without a new version, and an entry never disappears (its tenant would silently fall back to the top-level primary).</summary>
    private static (string Field, string Problem)? TenantFault(RoutingState previous, RoutingState state)
    {
        foreach (var (tenant, before) in previous.Tenants)
        {
            var field = $"{RoutingFields.Tenants}.{tenant}";
            if (!state.Tenants.TryGetValue(tenant, out var after))
            {
                return (field, "disappeared: a tenant entry is never removed");
            }

            if (after.Version < before.Version)
            {
                return (field + "." + RoutingFields.Version, $"went back from {before.Version} to {after.Version}: the version must only grow");
            }

            if (after.Version == before.Version && after.Primary != before.Primary)
            {
                return (field + "." + RoutingFields.Primary, "changed without a new version: every switch must raise the version");
            }
        }

        return null;
    }

    private static string Describe(RoutingState state) =>
        $"version {state.Version} (primary {(state.Primary == RoutingPrimary.Target ? RoutingFields.TargetValue : RoutingFields.SourceValue)})";
}
