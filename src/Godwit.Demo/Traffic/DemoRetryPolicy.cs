using System.Net.Sockets;
using Godwit.MySql;
using Godwit.Routing;
using Npgsql;

namespace Godwit.Demo.Traffic;

/// <summary>Which failures the booking app retries through <see cref="RoutedWriter"/>: the ones a cutover explains.</summary>
public static class DemoRetryPolicy
{
    // ER_LOCK_DEADLOCK: InnoDB rolled the whole transaction back; running it again is the documented answer.
    private const int MySqlDeadlock = 1213;

    public static bool IsRetryable(Exception error) => error switch
    {
        MySqlException { IsClientError: true } client => client.ClientError is MySqlClientError.ConnectionError
            or MySqlClientError.HostConnectionError or MySqlClientError.ServerGone or MySqlClientError.ServerLost
            or MySqlClientError.ConnectionBroken,
        MySqlException server => RetryableErrors.IsMySqlRetryable(server.ErrorCode) || server.ErrorCode == MySqlDeadlock,
        PostgresException postgres => RetryableErrors.IsPostgresRetryable(postgres.SqlState),

        // No SQLSTATE: the socket failed or the server could not be reached.
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };
}
