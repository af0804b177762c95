namespace Godwit.Core.Ddl;

/// <summary>Target objects already exist and <c>--if-exists error</c> is in force.</summary>
public sealed class SchemaConflictException : Exception
{
    public SchemaConflictException(string message)
        : base(message)
    {
    }

    public SchemaConflictException()
    {
    }

    public SchemaConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
