namespace Godwit.Postgres.Wire;

/// <summary>The server wants something <see cref="PgWireConnection"/> does not do (TLS, an authentication method): read through Npgsql instead.</summary>
public sealed class PgWireUnsupportedException : Exception
{
    public PgWireUnsupportedException()
    {
    }

    public PgWireUnsupportedException(string message)
        : base(message)
    {
    }

    public PgWireUnsupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
