namespace Godwit.Core.Connections;

/// <summary>A connection URI that cannot be understood. The message never contains the password.</summary>
public sealed class ConnectionUriException : Exception
{
    public ConnectionUriException(string message)
        : base(message)
    {
    }

    public ConnectionUriException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConnectionUriException()
    {
    }
}
