namespace Godwit.MySql;

/// <summary>
/// An error reported by the server (ERR packet: error number and SQLSTATE) or detected by the
/// client (<see cref="MySqlClientError"/> codes, 2000-2999). Server messages are passed on as the server wrote them
/// (one may quote a statement); an application masks secrets where it shows them (Godwit: SecretMasker).
/// </summary>
public sealed class MySqlException : Exception
{
    public const int ErrorAccessDenied = 1045;
    public const int ErrorUnknownDatabase = 1049;
    public const int ErrorQueryInterrupted = 1317;
    public const int ErrorConnectionKilled = 1927;

    public MySqlException(int errorCode, string sqlState, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        SqlState = sqlState;
    }

    public int ErrorCode { get; }

    /// <summary>Five-character SQLSTATE, e.g. <c>28000</c> for access denied; <c>HY000</c> when the server gave none.</summary>
    public string SqlState { get; }

    /// <summary>True when the client raised the error (<see cref="MySqlClientError"/>), false for server errors.</summary>
    public bool IsClientError => ErrorCode is >= 2000 and < 3000 && SqlState is "HY000" or "08001" or "08S01";

    /// <summary>The client error code, when <see cref="IsClientError"/>.</summary>
    public MySqlClientError? ClientError => IsClientError ? (MySqlClientError)ErrorCode : null;

    internal static MySqlException Client(MySqlClientError error, string message, Exception? innerException = null)
    {
        var state = error switch
        {
            MySqlClientError.ConnectionError or MySqlClientError.HostConnectionError or MySqlClientError.SslConnectionError => "08001",
            MySqlClientError.ServerGone or MySqlClientError.ServerLost or MySqlClientError.ConnectionBroken => "08S01",
            _ => "HY000",
        };
        return new MySqlException((int)error, state, message, innerException);
    }
}
