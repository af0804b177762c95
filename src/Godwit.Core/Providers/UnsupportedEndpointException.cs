namespace Godwit.Core.Providers;

/// <summary>No provider serves this engine in this role (yet); the message names the URI and what is expected.</summary>
public sealed class UnsupportedEndpointException : Exception
{
    public UnsupportedEndpointException(string message)
        : base(message)
    {
    }

    public UnsupportedEndpointException()
    {
    }

    public UnsupportedEndpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
