namespace Godwit.Postgres.Schema;

/// <summary>Target objects already exist and <c>--if-exists error</c> is in force.</summary>
public sealed class PgSchemaConflictException : Exception
{
    public PgSchemaConflictException(string message)
        : base(message)
    {
    }

    public PgSchemaConflictException()
    {
    }

    public PgSchemaConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
