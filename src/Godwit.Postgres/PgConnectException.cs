using Godwit.Core.Connections;

namespace Godwit.Postgres;

/// <summary>Connecting to PostgreSQL failed; the message names the masked URI and the reason.</summary>
public sealed class PgConnectException : Exception
{
    public PgConnectException(ConnectionUri uri, Exception innerException)
        : base(SecretMasker.Mask($"cannot connect to {uri}: {Describe(innerException)}"), innerException)
    {
    }

    public PgConnectException()
    {
    }

    public PgConnectException(string message)
        : base(message)
    {
    }

    public PgConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private static string Describe(Exception ex)
    {
        // Npgsql wraps socket errors ("Failed to connect to 127.0.0.1:1") around the real reason.
        var inner = ex.InnerException is System.Net.Sockets.SocketException se ? se.Message : null;
        return inner is null ? ex.Message : $"{ex.Message} ({inner})";
    }
}
