using System.Collections.Concurrent;

namespace Godwit.MySql;

/// <summary>
/// A small pool of open connections for one set of settings, bounded by
/// <see cref="MySqlConnectionSettings.MaxPoolSize"/>. Disposing a rented connection returns it;
/// the pool resets its session state (COM_RESET_CONNECTION, or COM_PING on old servers) first
/// and closes it instead if that fails.
/// </summary>
public sealed class MySqlConnectionPool : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<MySqlConnectionSettings, MySqlConnectionPool> SharedPools = new();
    private static readonly TimeSpan ResetTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentStack<(MySqlConnection Connection, long ReturnedAt)> _idle = new();
    private readonly SemaphoreSlim _slots;
    private volatile bool _disposed;

    public MySqlConnectionPool(MySqlConnectionSettings settings)
        : this(settings, TimeSpan.FromSeconds(30))
    {
    }

    /// <param name="settings">Where and how to connect.</param>
    /// <param name="pingAfterIdle">A connection idle this long is pinged before it is handed out (the server may have dropped it).</param>
    internal MySqlConnectionPool(MySqlConnectionSettings settings, TimeSpan pingAfterIdle)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        PingAfterIdle = pingAfterIdle;
        _slots = new SemaphoreSlim(settings.MaxPoolSize, settings.MaxPoolSize);
    }

    public MySqlConnectionSettings Settings { get; }

    internal TimeSpan PingAfterIdle { get; }

    public int MaxSize => Settings.MaxPoolSize;

    /// <summary>Connections currently idle in the pool.</summary>
    public int IdleCount => _idle.Count;

    /// <summary>The process-wide pool for these settings.</summary>
    public static MySqlConnectionPool GetShared(MySqlConnectionSettings settings) =>
        SharedPools.GetOrAdd(settings, static s => new MySqlConnectionPool(s));

    /// <summary>An open connection; waits while <see cref="MaxSize"/> are in use. Dispose it to return it.</summary>
    public async Task<MySqlConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            while (_idle.TryPop(out var entry))
            {
                if (await IsAliveAsync(entry.Connection, entry.ReturnedAt, cancellationToken))
                {
                    entry.Connection.Pool = this;
                    return entry.Connection;
                }

                await entry.Connection.CloseAsync();
            }

            var connection = await MySqlConnection.OpenAsync(Settings, cancellationToken);
            connection.Pool = this;
            return connection;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryPop(out var entry))
        {
            await entry.Connection.CloseAsync();
        }

        SharedPools.TryRemove(new KeyValuePair<MySqlConnectionSettings, MySqlConnectionPool>(Settings, this));
    }

    private async ValueTask<bool> IsAliveAsync(MySqlConnection connection, long returnedAt, CancellationToken cancellationToken)
    {
        if (!connection.IsUsable)
        {
            return false;
        }

        if (Environment.TickCount64 - returnedAt < PingAfterIdle.TotalMilliseconds)
        {
            return true;
        }

        try
        {
            await connection.PingAsync(cancellationToken);
            return true;
        }
        catch (MySqlException)
        {
            return false;
        }
    }

    internal async ValueTask ReturnAsync(MySqlConnection connection)
    {
        try
        {
            if (!_disposed && connection.IsUsable)
            {
                using var timeout = new CancellationTokenSource(ResetTimeout);
                await connection.ResetAsync(timeout.Token);
                _idle.Push((connection, Environment.TickCount64));
                return;
            }
        }
        catch (Exception ex) when (ex is MySqlException or OperationCanceledException)
        {
            // Busy (a reader was left open), broken, or the reset failed: do not reuse it.
        }
        finally
        {
            _slots.Release();
        }

        await connection.CloseAsync();
    }
}
