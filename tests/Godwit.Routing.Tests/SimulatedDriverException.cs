namespace Godwit.Routing.Tests;

/// <summary>What a database driver throws, reduced to its MySQL error number.</summary>
internal sealed class SimulatedDriverException : Exception
{
    public SimulatedDriverException(int errorNumber)
        : base($"simulated error {errorNumber}") => ErrorNumber = errorNumber;

    public SimulatedDriverException()
    {
    }

    public SimulatedDriverException(string message)
        : base(message)
    {
    }

    public SimulatedDriverException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ErrorNumber { get; }

    public static bool IsRetryable(Exception e) => e is SimulatedDriverException d && RetryableErrors.IsMySqlRetryable(d.ErrorNumber);
}
