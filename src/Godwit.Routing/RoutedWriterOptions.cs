namespace Godwit.Routing;

/// <summary>When and how long a <see cref="RoutedWriter"/> retries.</summary>
public sealed record RoutedWriterOptions
{
    /// <summary>
    /// Whether a failed write may be retried, against the new primary after a switch or the same one otherwise.
    /// The library cannot know the application's driver: map its exception to an error number or SQLSTATE and ask
    /// <see cref="RetryableErrors"/>. Only errors a switch explains belong here (read-only, connection lost,
    /// serialization failure), never constraint violations or syntax errors.
    /// </summary>
    public required Func<Exception, bool> IsRetryable { get; init; }

    /// <summary>The first wait for a switch after a failure (default 50 ms); each later wait doubles, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest wait between two attempts (default 1 s).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after its first failure a write is given up (default 60 s): longer than the cutover's write freeze.</summary>
    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(IsRetryable, nameof(IsRetryable));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialDelay, TimeSpan.Zero, nameof(InitialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, InitialDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryTimeout, TimeSpan.Zero, nameof(RetryTimeout));
    }
}
