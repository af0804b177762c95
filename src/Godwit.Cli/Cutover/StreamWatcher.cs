using System.Diagnostics;
using Godwit.Cli.Sync;
using Godwit.Core.Connections;
using Godwit.MySql.Binlog;
using Godwit.Postgres;
using Godwit.Postgres.Apply;
using Npgsql;

namespace Godwit.Cli.Cutover;

/// <summary>
/// Watches the change stream from the target: which stream follows the source, whether a process is applying it
/// (its advisory lock), and how far it has applied (<c>godwit.sync_state</c>, committed with the rows).
/// </summary>
public sealed class StreamWatcher : IAsyncDisposable
{
    private readonly ConnectionUri _target;
    private NpgsqlConnection? _connection;

    public StreamWatcher(ConnectionUri target) => _target = target ?? throw new ArgumentNullException(nameof(target));

    /// <summary>The stream named <paramref name="stream"/>, or the one applying <paramref name="database"/> into <paramref name="schema"/>.</summary>
    public async Task<SyncState?> FindAsync(string? stream, string database, string schema, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            return await SyncStateCatchUp.FindStreamAsync(_target, database, schema, cancellationToken);
        }

        return await ReadAsync(stream, cancellationToken);
    }

    public async Task<SyncState?> ReadAsync(string stream, CancellationToken cancellationToken) =>
        await PgSyncStateStore.ReadAsync(await ConnectionAsync(cancellationToken), stream, cancellationToken);

    /// <summary>The PostgreSQL backend applying the stream, or null when no <c>godwit sync</c> / <c>migrate --follow</c> runs it.</summary>
    public async Task<int?> ApplierAsync(string stream, CancellationToken cancellationToken) =>
        await PgStreamLock.HolderAsync(await ConnectionAsync(cancellationToken), stream, cancellationToken);

    /// <summary>
    /// Polls until the stream has applied <paramref name="goal"/> or <paramref name="timeout"/> passes. Returns the
    /// last state read and the time it took; gives up early when nothing applies the stream any more.
    /// </summary>
    public async Task<StreamWait> WaitAppliedAsync(string stream, BinlogPosition goal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(5);
        var checkedLiveAt = TimeSpan.Zero;
        while (true)
        {
            var state = await ReadAsync(stream, cancellationToken);
            if (Applied(state) is { } applied && BinlogPositionOrder.Compare(applied, goal) >= 0)
            {
                return new StreamWait(true, clock.Elapsed, state, null);
            }

            if (clock.Elapsed >= timeout)
            {
                return new StreamWait(false, clock.Elapsed, state, null);
            }

            if (clock.Elapsed - checkedLiveAt >= TimeSpan.FromMilliseconds(500))
            {
                checkedLiveAt = clock.Elapsed;
                if (await ApplierAsync(stream, cancellationToken) is null)
                {
                    return new StreamWait(false, clock.Elapsed, state, $"the stream {stream} is not running (no godwit sync holds it)" + (state?.LastError is { } e ? $"; its last error: {e}" : string.Empty));
                }
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(50).Ticks));
        }
    }

    public static BinlogPosition? Applied(SyncState? state) =>
        state is { BinlogFile: { } file, BinlogPos: { } pos } ? new BinlogPosition(file, pos) : null;

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } c)
        {
            _connection = null;
            await c.DisposeAsync();
        }
    }

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        if (_connection is { } broken)
        {
            _connection = null;
            await broken.DisposeAsync();
        }

        _connection = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
        return _connection;
    }
}
