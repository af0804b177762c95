using System.Diagnostics;
using Godwit.Core.Connections;
using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// The apply connection's liveness. PostgreSQL sends nothing while it works on a statement, so a statement that runs
/// long (an index built by a DDL, a big group) looks like a dead route (a partition keeps a TCP connection looking open
/// for hours). When the session has waited on the server for <see cref="StallAfter"/>, the watchdog asks the server on
/// a connection of its own what the apply's backend is doing: still active, it is working, and the wait goes on;
/// idle (waiting for the client, so our statement or its answer is lost on the way), gone, or the server unreachable,
/// the route is dead and the session's wait is cancelled (Npgsql then cancels on the server and drops the socket), so
/// the stream reconnects.
/// </summary>
internal sealed class PgApplyWatchdog : IAsyncDisposable
{
    public static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    /// <summary>How long the backend must have been waiting for the client before the route is presumed dead.</summary>
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(5);

    private readonly ConnectionUri _target;
    private readonly int _backendPid;
    private readonly Func<TimeSpan?> _busyFor;
    private readonly Action<string> _abort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PgApplyWatchdog(ConnectionUri target, int backendPid, Func<TimeSpan?> busyFor, Action<string> abort)
    {
        _target = target;
        _backendPid = backendPid;
        _busyFor = busyFor;
        _abort = abort;
        _loop = Task.Run(LoopAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(CheckEvery, _stop.Token).ConfigureAwait(false);
            if (_busyFor() is { } busy && busy >= StallAfter && await DeadAsync().ConfigureAwait(false) is { } why)
            {
                _abort($"the target connection has not answered for {busy.TotalSeconds:0} s and {why}: presumed dead");
                return;
            }
        }
    }

    /// <summary>Why the apply connection is dead, or null when its backend is working.</summary>
    private async Task<string?> DeadAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(StallAfter);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var side = await PgConnectionFactory.OpenAsync(_target, timeout.Token).ConfigureAwait(false);
            // A wait made of many round trips leaves the backend idle between them: only idle for a while is dead.
            await using var cmd = new NpgsqlCommand(
                "SELECT state, extract(epoch FROM now() - state_change)::float8 FROM pg_stat_activity WHERE pid = $1", side);
            cmd.Parameters.Add(new NpgsqlParameter { Value = _backendPid });
            await using var reader = await cmd.ExecuteReaderAsync(timeout.Token).ConfigureAwait(false);
            if (!await reader.ReadAsync(timeout.Token).ConfigureAwait(false))
            {
                return "its server process is gone";
            }

            var state = reader.IsDBNull(0) ? "unknown" : reader.GetString(0);
            var idleFor = reader.IsDBNull(1) ? 0 : reader.GetDouble(1);
            await reader.DisposeAsync().ConfigureAwait(false);
            if (state == "active" || idleFor < IdleAfter.TotalSeconds)
            {
                return null;
            }

            // End the server's side now: its open transaction would hold locks the reconnected stream needs.
            var ended = "ended";
            try
            {
                await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend($1)", side);
                terminate.Parameters.Add(new NpgsqlParameter { Value = _backendPid });
                await terminate.ExecuteNonQueryAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                // Not allowed (another role's process, without pg_signal_backend): the server ends it when it notices.
                ended = $"not ended: {ex.SqlState}";
            }

            return $"its server process had been {state}, waiting for us, for {idleFor:0} s ({ended})";
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or IOException && !_stop.IsCancellationRequested)
        {
            return $"the target does not answer a new connection either ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)";
        }
    }
}
