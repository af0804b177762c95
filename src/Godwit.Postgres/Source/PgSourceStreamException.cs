namespace Godwit.Postgres.Source;

/// <summary>The PostgreSQL source's change stream failed (the inner exception says how), as opposed to the target, which may be PostgreSQL too.</summary>
public sealed class PgSourceStreamException : Exception
{
    public PgSourceStreamException()
    {
    }

    public PgSourceStreamException(string message)
        : base(message)
    {
    }

    public PgSourceStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
