namespace Godwit.Routing;

/// <summary>
/// The database errors a primary switch explains, for <see cref="RoutedWriterOptions.IsRetryable"/>: the application
/// maps its driver's exception to a MySQL error number or a PostgreSQL SQLSTATE and asks here.
/// </summary>
public static class RetryableErrors
{
    /// <summary>
    /// The source refused the write because it is read-only, as during and after a cutover: 1290
    /// ER_OPTION_PREVENTS_STATEMENT (<c>--read-only</c>), 1792 ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION,
    /// 1836 ER_READ_ONLY_MODE.
    /// </summary>
    public static bool IsMySqlReadOnly(int errorNumber) => errorNumber is 1290 or 1792 or 1836;

    /// <summary>
    /// The connection was lost or killed, as when a cutover ends the source's open sessions: 2006
    /// CR_SERVER_GONE_ERROR, 2013 CR_SERVER_LOST, 1927 ER_CONNECTION_KILLED, 1053 ER_SERVER_SHUTDOWN,
    /// 1317 ER_QUERY_INTERRUPTED. The write's outcome is unknown: see docs/routing.md on idempotent retries.
    /// </summary>
    public static bool IsMySqlConnectionLoss(int errorNumber) => errorNumber is 2006 or 2013 or 1927 or 1053 or 1317;

    /// <summary>Either <see cref="IsMySqlReadOnly"/> or <see cref="IsMySqlConnectionLoss"/>.</summary>
    public static bool IsMySqlRetryable(int errorNumber) => IsMySqlReadOnly(errorNumber) || IsMySqlConnectionLoss(errorNumber);

    /// <summary>
    /// The source refused a write of one tenant frozen for its move (<c>godwit tenant move</c>): 1644
    /// ER_SIGNAL_EXCEPTION raised by Godwit's freeze trigger, whose message starts with <c>godwit: tenant frozen</c>
    /// (an application's own SIGNAL is not retried).
    /// </summary>
    public static bool IsMySqlTenantFrozen(int errorNumber, string? message) =>
        errorNumber == 1644 && message is not null && message.StartsWith("godwit: tenant frozen", StringComparison.Ordinal);

    /// <summary>
    /// 25006 read_only_sql_transaction, 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now,
    /// 08000 connection_exception, 08003 connection_does_not_exist, 08006 connection_failure,
    /// 40001 serialization_failure, 40P01 deadlock_detected. A socket error carries no SQLSTATE: the application maps
    /// it itself (Npgsql: <c>NpgsqlException.IsTransient</c>).
    /// </summary>
    public static bool IsPostgresRetryable(string? sqlState) =>
        sqlState is "25006" or "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006" or "40001" or "40P01";
}
