using System.Globalization;

namespace Godwit.Routing;

/// <summary>
/// A write that kept failing with retryable errors until <see cref="RoutedWriterOptions.RetryTimeout"/> passed.
/// The inner exception is the last failure; its message is not repeated here, since a driver's message is the
/// application's to mask and log.
/// </summary>
public sealed class RoutedWriteException : Exception
{
    /// <summary>Creates the exception for a write given up after <paramref name="attempts"/> attempts.</summary>
    public RoutedWriteException(int attempts, TimeSpan elapsed, RoutingState lastState, Exception innerException)
        : base(Describe(attempts, elapsed, lastState, innerException), innerException)
    {
        Attempts = attempts;
        Elapsed = elapsed;
        LastState = lastState;
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public RoutedWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of its own and its cause.</summary>
    public RoutedWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public RoutedWriteException()
    {
    }

    /// <summary>How many times the write was run.</summary>
    public int Attempts { get; }

    /// <summary>The time from the first failure to the last.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The routing state the last attempt ran against.</summary>
    public RoutingState? LastState { get; }

    private static string Describe(int attempts, TimeSpan elapsed, RoutingState state, Exception last) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"write given up after {attempts} attempts over {elapsed.TotalSeconds:0.0} s without success (routing version {state.Version}, primary {state.Primary.ToString().ToLowerInvariant()}); last error: {last.GetType().FullName} (see the inner exception)");
}
