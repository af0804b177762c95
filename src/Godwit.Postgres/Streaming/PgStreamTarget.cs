using Godwit.Core.Connections;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Postgres.Apply;
using Npgsql;

namespace Godwit.Postgres.Streaming;

/// <summary>A PostgreSQL database as the sync engine's target: apply sessions, and the stream's state in <c>godwit.sync_state</c>.</summary>
public sealed class PgStreamTarget(ConnectionUri target, MigrationSpec spec) : IStreamTarget
{
    private readonly ConnectionUri _target = target ?? throw new ArgumentNullException(nameof(target));
    private readonly MigrationSpec _spec = spec ?? throw new ArgumentNullException(nameof(spec));

    public string Identity => $"{_target.Host}:{_target.Port}/{_target.Database}";

    public async Task<IApplySession> OpenAsync(string stream, CancellationToken cancellationToken)
    {
        var session = await PgApplySession.OpenAsync(_target, cancellationToken);
        return new PgStreamApplySession(session, stream, _target, _spec);
    }

    public async Task TryRecordStatusAsync(string stream, string status, string? error, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
            await PgSyncStateStore.SetStatusAsync(connection, stream, status, error, cancellationToken);
        }
        catch (Exception ex) when (TryClassify(ex, out _) || ex is PgConnectException or IOException or TimeoutException or System.Net.Sockets.SocketException || ex.InnerException is NpgsqlException)
        {
            // The target is down: the error is on stderr and in the metrics.
        }
    }

    public bool TryClassify(Exception error, out string? transientKind)
    {
        transientKind = error switch
        {
            PgConnectionStalledException => "target_connection",
            PostgresException pg when IsConflictState(pg.SqlState) => "target_conflict",
            PostgresException pg when pg.SqlState.StartsWith("53", StringComparison.Ordinal) => "target_resources",
            PostgresException pg when IsTransientState(pg.SqlState) => "target_connection",
            PostgresException => null,
            NpgsqlException => "target_connection",
            _ => null,
        };
        return error is PgConnectionStalledException or NpgsqlException;
    }

    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03";

    // serialization_failure, deadlock_detected, lock_not_available (lock_timeout).
    private static bool IsConflictState(string state) => state is "40001" or "40P01" or "55P03";
}
