using System.Net.Sockets;
using Godwit.MySql;
using Npgsql;

namespace Godwit.Cli.Sync;

/// <summary>Which failures a reconnect can cure (a lost server or connection) and which it cannot (a purged position, a row the target refuses).</summary>
internal static class SyncErrors
{
    /// <summary>The kind label for <c>migration_errors_total{kind}</c>, or null when the error is not worth retrying.</summary>
    public static string? TransientKind(Exception ex) => ex switch
    {
        SourceStreamEndedException or SourceStalledException => "source_connection",
        Postgres.Apply.PgConnectionStalledException => "target_connection",
        MySqlException { ErrorCode: 1236 } => null,
        MySqlException { IsClientError: true } => "source_connection",
        MySqlException { ErrorCode: MySqlException.ErrorConnectionKilled or 1053 or 2013 or 2006 } => "source_connection",
        PostgresException pg when IsConflictState(pg.SqlState) => "target_conflict",
        PostgresException pg when pg.SqlState.StartsWith("53", StringComparison.Ordinal) => "target_resources",
        PostgresException pg when IsTransientState(pg.SqlState) => "target_connection",
        PostgresException => null,
        NpgsqlException => "target_connection",
        IOException or SocketException or TimeoutException => "connection",
        _ when ex.InnerException is { } inner => TransientKind(inner),
        _ => null,
    };

    /// <summary>A transient failure for the log and <c>last_error</c>: which side was lost, then why.</summary>
    public static string Describe(string kind, Exception ex)
    {
        var side = kind switch
        {
            "source_connection" => "lost the source",
            "target_connection" => "lost the target",
            "target_conflict" => "a lock conflict on the target (deadlock, serialization failure or lock timeout; retried)",
            "target_resources" => "the target is out of resources (disk full, out of memory or too many connections?)",
            _ => "lost a connection",
        };
        return $"{side}: {GodwitCli.Describe(ex).TrimEnd('.')}";
    }

    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03";

    // serialization_failure, deadlock_detected, lock_not_available (lock_timeout).
    private static bool IsConflictState(string state) => state is "40001" or "40P01" or "55P03";
}
