namespace Godwit.Postgres.Apply;

/// <summary>The apply connection stopped answering (a partition, a frozen route) and was given up (<see cref="PgApplyWatchdog"/>).</summary>
public sealed class PgConnectionStalledException : Exception
{
    public PgConnectionStalledException()
    {
    }

    public PgConnectionStalledException(string message)
        : base(message)
    {
    }

    public PgConnectionStalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
