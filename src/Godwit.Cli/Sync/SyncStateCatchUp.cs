using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Verify;
using Godwit.MySql;
using Godwit.MySql.Binlog;
using Godwit.Postgres;
using Godwit.Postgres.Apply;
using Npgsql;

namespace Godwit.Cli.Sync;

/// <summary>
/// Verify's consistent point while <c>godwit sync</c> (or <c>migrate --follow</c>) streams: the source position is
/// the binlog head (<c>SHOW MASTER STATUS</c>), and the wait polls the stream's row in <c>godwit.sync_state</c> until
/// its applied <c>binlog_file:binlog_pos</c> is at or past it. The stream commits its position with the rows, also
/// when idle (past rotations, other databases' transactions and heartbeats), so on a quiet source it reaches the
/// head exactly. A stream that is stopped or failed is not waited for; a stream that did not move during a whole
/// timeout is then waited for only briefly, so verify against a stream that has exited does not stall every chunk.
/// </summary>
public sealed class SyncStateCatchUp : ITargetCatchUp, IAsyncDisposable
{
    private static readonly TimeSpan StalledWait = TimeSpan.FromSeconds(2);

    private readonly MySqlConnectionSettings _source;
    private readonly ConnectionUri _target;
    private readonly string _stream;
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _sourceGate = new(1, 1);
    private readonly SemaphoreSlim _targetGate = new(1, 1);
    private MySqlConnection? _mysql;
    private NpgsqlConnection? _pg;
    private BinlogPosition? _stalledAt;

    public SyncStateCatchUp(MySqlConnectionSettings source, ConnectionUri target, string stream, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source with { Database = null };
        _target = target ?? throw new ArgumentNullException(nameof(target));
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>The stream's name in <c>godwit.sync_state</c>.</summary>
    public string Stream => _stream;

    /// <summary>
    /// The stream that applies <paramref name="sourceDatabase"/> into <paramref name="targetSchema"/> on the target
    /// (the one named like the schema, else the most recently updated), or null when sync never ran for them.
    /// </summary>
    public static async Task<SyncState?> FindStreamAsync(ConnectionUri target, string sourceDatabase, string targetSchema, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        return await PgSyncStateStore.FindAsync(connection, sourceDatabase, targetSchema, cancellationToken);
    }

    /// <summary>The source's binlog head as <c>FILE:POS</c>.</summary>
    public async ValueTask<string?> SourcePositionAsync(CancellationToken cancellationToken)
    {
        await _sourceGate.WaitAsync(cancellationToken);
        try
        {
            _mysql ??= await MySqlConnection.OpenAsync(_source, cancellationToken);
            var head = await BinlogHead.ReadAsync(_mysql, cancellationToken)
                ?? throw new CliException("SHOW MASTER STATUS returned nothing: the source's binary log is off, so verify cannot wait for the change stream (use --no-wait-for-sync).");
            return head.ToString();
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeSourceAsync();
            throw;
        }
        finally
        {
            _sourceGate.Release();
        }
    }

    /// <summary>Polls the stream's applied position until it is at or past <paramref name="position"/>; false on timeout or a stream that is not running.</summary>
    public async ValueTask<bool> WaitUntilAppliedAsync(string? position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (position is null || Parse(position) is not { } goal)
        {
            return true;
        }

        var started = DateTimeOffset.UtcNow;
        var delay = TimeSpan.FromMilliseconds(10);
        BinlogPosition? first = null;
        while (true)
        {
            var state = await ReadStateAsync(cancellationToken);
            var applied = state is { BinlogFile: { } file, BinlogPos: { } pos } ? new BinlogPosition(file, pos) : null;
            if (applied is not null && BinlogPositionOrder.Compare(applied, goal) >= 0)
            {
                Volatile.Write(ref _stalledAt, null);
                return true;
            }

            if (state is null || state.Status is "stopped" or "error")
            {
                // Nothing is applying changes: waiting cannot help (the re-check classifies what is in flight).
                return false;
            }

            first ??= applied;
            var stalledAt = Volatile.Read(ref _stalledAt);
            var stalled = applied is not null && stalledAt is not null && BinlogPositionOrder.Compare(applied, stalledAt) == 0;
            var limit = stalled && StalledWait < timeout ? StalledWait : timeout;
            if (DateTimeOffset.UtcNow - started >= limit)
            {
                var moved = applied is not null && first is not null && BinlogPositionOrder.Compare(applied, first) != 0;
                if (!moved && !stalled && applied is not null && Interlocked.CompareExchange(ref _stalledAt, applied, stalledAt) == stalledAt)
                {
                    _log(string.Create(
                        CultureInfo.InvariantCulture,
                        $"verify: warning: the change stream {_stream} stayed at {applied} for {limit.TotalSeconds:0} s while the source is at {goal}: is it running? Later chunks wait at most {StalledWait.TotalSeconds:0} s for it."));
                }

                return false;
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeSourceAsync();
        await DisposeTargetAsync();
        _sourceGate.Dispose();
        _targetGate.Dispose();
    }

    private async Task<SyncState?> ReadStateAsync(CancellationToken cancellationToken)
    {
        await _targetGate.WaitAsync(cancellationToken);
        try
        {
            _pg ??= await PgConnectionFactory.OpenAsync(_target, cancellationToken);
            return await PgSyncStateStore.ReadAsync(_pg, _stream, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeTargetAsync();
            throw;
        }
        finally
        {
            _targetGate.Release();
        }
    }

    private static BinlogPosition? Parse(string position)
    {
        return Core.Positions.MySqlPositionCodec.CoordinatesOf(position) is { } at ? new BinlogPosition(at.File, at.Offset) : null;
    }

    private async ValueTask DisposeSourceAsync()
    {
        var c = _mysql;
        _mysql = null;
        if (c is not null)
        {
            await c.DisposeAsync();
        }
    }

    private async ValueTask DisposeTargetAsync()
    {
        var c = _pg;
        _pg = null;
        if (c is not null)
        {
            await c.DisposeAsync();
        }
    }
}
