namespace Godwit.Postgres.State;

/// <summary>The target's <c>godwit</c> schema cannot be used by this Godwit (written by a newer one).</summary>
public sealed class PgStateSchemaException : Exception
{
    public PgStateSchemaException()
    {
    }

    public PgStateSchemaException(string message)
        : base(message)
    {
    }

    public PgStateSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
