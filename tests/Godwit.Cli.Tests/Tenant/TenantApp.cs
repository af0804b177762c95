using System.Collections.Concurrent;
using System.Globalization;
using Godwit.MySql;
using Godwit.Routing;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Tenant;

/// <summary>
/// An application writing orders (each with one item) for several tenants through the routing map
/// (<see cref="RoutedWriter.ExecuteForTenantAsync"/>), retrying what a tenant's freeze refuses; it records every
/// acknowledged write with the database that acknowledged it.
/// </summary>
internal sealed class TenantApp : IAsyncDisposable
{
    private readonly MySqlScratchDatabase _source;
    private readonly MySqlScratchDatabase _target;
    private readonly RoutingFollower _follower;
    private readonly RoutedWriter _writer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    /// <summary>ER_LOCK_DEADLOCK.</summary>
    private const int ErrorDeadlock = 1213;

    private int _next;
    private long _deadlocks;

    private TenantApp(MySqlScratchDatabase source, MySqlScratchDatabase target, RoutingFollower follower)
    {
        _source = source;
        _target = target;
        _follower = follower;
        _writer = new RoutedWriter(follower, new RoutedWriterOptions
        {
            IsRetryable = e => e is MySqlException m && (RetryableErrors.IsMySqlRetryable(m.ErrorCode) || RetryableErrors.IsMySqlTenantFrozen(m.ErrorCode, m.Message)),
            RetryTimeout = TimeSpan.FromMinutes(3),
        });
    }

    /// <summary>Acknowledged writes: (tenant, order id, written on the target).</summary>
    public ConcurrentBag<(int Tenant, long OrderId, bool OnTarget)> Acknowledged { get; } = [];

    /// <summary>Writes refused by a freeze and retried.</summary>
    public long Retries => _writer.Retries;

    /// <summary>Transactions InnoDB rolled back as deadlock victims and the app ran again.</summary>
    public long Deadlocks => Interlocked.Read(ref _deadlocks);

    public static async Task<TenantApp> StartAsync(string map, MySqlScratchDatabase source, MySqlScratchDatabase target, IEnumerable<int> tenants)
    {
        var follower = await RoutingFollower.StartAsync(map, null, CancellationToken.None);
        var app = new TenantApp(source, target, follower);
        foreach (var tenant in tenants)
        {
            app._loops.Add(Task.Run(() => app.WriteLoopAsync(tenant)));
        }

        return app;
    }

    /// <summary>Waits until every tenant has at least <paramref name="writes"/> more acknowledged writes than now.</summary>
    public Task WritesAsync(int writes, string what)
    {
        var before = Acknowledged.GroupBy(a => a.Tenant).ToDictionary(g => g.Key, g => g.Count());
        return Waiting.UntilAsync(
            () => Task.FromResult(Acknowledged.GroupBy(a => a.Tenant).All(g => g.Count() >= before.GetValueOrDefault(g.Key) + writes) && Acknowledged.Select(a => a.Tenant).Distinct().Count() >= before.Count),
            TimeSpan.FromMinutes(2),
            what);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        await _follower.DisposeAsync();
        _stop.Dispose();
    }

    private async Task WriteLoopAsync(int tenant)
    {
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            try
            {
                var written = await _writer.ExecuteForTenantAsync(
                    tenant.ToString(CultureInfo.InvariantCulture),
                    async (route, ct) =>
                    {
                        var onTarget = route.Primary == RoutingPrimary.Target;
                        while (true)
                        {
                            try
                            {
                                await using var connection = await (onTarget ? _target : _source).OpenAsync(ct);
                                await connection.ExecuteAsync("START TRANSACTION", ct);
                                var order = await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO orders (company_id, total) VALUES ({tenant}, {n}.25)"), ct);
                                await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO order_items (order_id, sku) VALUES ({order.LastInsertId}, 'app')"), ct);
                                await connection.ExecuteAsync("COMMIT", ct);
                                return ((long)order.LastInsertId, onTarget);
                            }
                            catch (MySqlException ex) when (ex.ErrorCode == ErrorDeadlock)
                            {
                                // As any InnoDB application does: the whole transaction again (it was rolled back).
                                Interlocked.Increment(ref _deadlocks);
                            }
                        }
                    },
                    _stop.Token);
                Acknowledged.Add((tenant, written.Item1, written.Item2));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
