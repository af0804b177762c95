using System.Diagnostics;

namespace Godwit.Routing;

/// <summary>
/// Runs an application's writes against the primary its <see cref="RoutingFollower"/> names, and carries them
/// through a switch: a write that fails with a retryable error waits (<see cref="RoutedWriterOptions.InitialDelay"/>
/// doubling to <see cref="RoutedWriterOptions.MaxDelay"/>) for the routing version to grow, then runs again against
/// the current primary: the new one after a switch, the same one if the version did not move (an aborted cutover
/// makes the source writable again). It gives up <see cref="RoutedWriterOptions.RetryTimeout"/> after the first
/// failure with <see cref="RoutedWriteException"/>; any other exception propagates at once.
/// </summary>
/// <remarks>
/// A retried write may already have committed (a connection lost during COMMIT): writes must be idempotent and must
/// roll back or discard their connection on error. See docs/routing.md. Thread-safe: one writer serves every thread.
/// </remarks>
public sealed class RoutedWriter
{
    private readonly RoutingFollower _follower;
    private readonly RoutedWriterOptions _options;
    private long _writes;
    private long _retries;
    private long _failures;
    private long _cancellations;
    private long _switchesSeen;
    private long _newestVersionSeen;

    /// <summary>Creates a writer that routes by <paramref name="follower"/>.</summary>
    public RoutedWriter(RoutingFollower follower, RoutedWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(follower);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _follower = follower;
        _options = options;
        _newestVersionSeen = follower.Current.Version;
    }

    /// <summary>Writes that succeeded (each counted once, however many attempts it took).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Attempts after the first, across all writes: every write ran <c>1 + its retries</c> times.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Writes that failed: given up after the retry timeout, or failed with a non-retryable exception.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Writes stopped by their cancellation token. Every finished write is one of Writes, Failures or Cancellations.</summary>
    public long Cancellations => Interlocked.Read(ref _cancellations);

    /// <summary>How many times an attempt found a newer routing version than any earlier attempt of this writer had used.</summary>
    public long SwitchesSeen => Interlocked.Read(ref _switchesSeen);

    /// <summary>Runs <paramref name="write"/> against the current primary, retrying it through switches.</summary>
    /// <param name="write">The write; it receives the routing state to use (its <see cref="RoutingState.Primary"/>) and the token.</param>
    /// <param name="cancellationToken">Cancels the write and the waits between attempts.</param>
    /// <exception cref="RoutedWriteException">Retryable failures lasted longer than the retry timeout.</exception>
    public async Task<T> ExecuteAsync<T>(Func<RoutingState, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var attempts = 0;
        var firstFailure = 0L;
        var delay = _options.InitialDelay;
        while (true)
        {
            var state = _follower.Current;
            NoteVersion(state.Version);
            attempts++;
            TimeSpan remaining;
            try
            {
                var result = await write(state, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _writes);
                return result;
            }
            catch (Exception e) when (ShouldRetry(e, cancellationToken))
            {
                firstFailure = firstFailure == 0 ? Stopwatch.GetTimestamp() : firstFailure;
                var elapsed = Stopwatch.GetElapsedTime(firstFailure);
                remaining = _options.RetryTimeout - elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    Interlocked.Increment(ref _failures);
                    throw new RoutedWriteException(attempts, elapsed, state, e);
                }
            }

            Interlocked.Increment(ref _retries);
            try
            {
                await _follower.WaitForChangeAsync(state.Version, delay < remaining ? delay : remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _cancellations);
                throw;
            }

            delay = delay < _options.MaxDelay / 2 ? delay * 2 : _options.MaxDelay;
        }
    }

    /// <inheritdoc cref="ExecuteAsync{T}"/>
    public Task ExecuteAsync(Func<RoutingState, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return ExecuteAsync(
            async (state, token) =>
            {
                await write(state, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs one tenant's write against that tenant's primary in a routing map (its own entry, or the top-level primary
    /// while it has none), retrying it through that tenant's switches and freezes exactly as <see cref="ExecuteAsync{T}"/>
    /// does for the whole application: every change of the file wakes a waiting retry, which then runs against the
    /// tenant's route at that moment.
    /// </summary>
    /// <param name="tenant">The tenant id, as in the map's <c>tenants</c> object.</param>
    /// <param name="write">The write; it receives the tenant's route for this attempt.</param>
    /// <param name="cancellationToken">Cancels the write and the waits between attempts.</param>
    /// <exception cref="RoutedWriteException">Retryable failures lasted longer than the retry timeout.</exception>
    public Task<T> ExecuteForTenantAsync<T>(string tenant, Func<TenantRouting, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(write);
        return ExecuteAsync((state, token) => write(state.RouteFor(tenant), token), cancellationToken);
    }

    // Decides, and counts the outcome, in the exception filter: a write that is not retried leaves with its own stack.
    private bool ShouldRetry(Exception error, CancellationToken cancellationToken)
    {
        if (error is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _cancellations);
            return false;
        }

        var retryable = false;
        try
        {
            retryable = _options.IsRetryable(error);
            return retryable;
        }
        finally
        {
            if (!retryable)
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }

    private void NoteVersion(long version)
    {
        var newest = Interlocked.Read(ref _newestVersionSeen);
        while (version > newest)
        {
            var before = Interlocked.CompareExchange(ref _newestVersionSeen, version, newest);
            if (before == newest)
            {
                Interlocked.Increment(ref _switchesSeen);
                return;
            }

            newest = before;
        }
    }
}
