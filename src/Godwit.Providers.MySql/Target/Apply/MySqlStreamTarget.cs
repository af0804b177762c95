using Godwit.Core.Providers;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>A MySQL/MariaDB database as the sync engine's target: apply sessions, and the stream's state in <c>godwit.sync_state</c>.</summary>
internal sealed class MySqlStreamTarget(MySqlTargetSessions sessions) : IStreamTarget
{
    public string Identity => sessions.Identity;

    public async Task<IApplySession> OpenAsync(string stream, CancellationToken cancellationToken)
    {
        var connection = await sessions.OpenAsync(cancellationToken);
        return new MySqlApplySession(connection, stream);
    }

    public async Task TryRecordStatusAsync(string stream, string status, string? error, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await sessions.OpenAsync(cancellationToken);
            await MySqlSyncStateStore.SetStatusAsync(connection, stream, status, error, cancellationToken);
        }
        catch (Exception ex) when (TryClassify(ex, out _) || ex is IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // The target is down: the error is on stderr and in the metrics.
        }
    }

    public bool TryClassify(Exception error, out string? transientKind)
    {
        transientKind = error switch
        {
            // Deadlock and lock wait timeout: the transaction is retried from the committed position.
            MySqlException { ErrorCode: ErrorDeadlock or ErrorLockWaitTimeout } => "target_conflict",
            MySqlException { IsClientError: true } => "target_connection",
            MySqlException { ErrorCode: MySqlException.ErrorConnectionKilled or ErrorServerShutdown } => "target_connection",
            IOException or System.Net.Sockets.SocketException => "target_connection",
            _ => null,
        };
        return transientKind is not null;
    }

    private const int ErrorLockWaitTimeout = 1205;
    private const int ErrorDeadlock = 1213;
    private const int ErrorServerShutdown = 1053;
}
