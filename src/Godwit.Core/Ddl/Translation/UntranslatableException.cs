namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// Thrown where a MySQL construct has no PostgreSQL translation Godwit can vouch for; the message is the reason
/// assess and <c>godwit schema</c> show. A wrong translation is worse than a reported one.
/// </summary>
public sealed class UntranslatableException : Exception
{
    public UntranslatableException()
    {
    }

    public UntranslatableException(string message)
        : base(message)
    {
    }

    public UntranslatableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
