namespace Godwit.MySql.Tests;

public sealed class PoolTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Returned_connections_are_reused_after_a_session_reset()
    {
        await using var pool = new MySqlConnectionPool(TestDatabase.Settings with { MaxPoolSize = 2 });
        long firstId;
        await using (var connection = await pool.RentAsync(None))
        {
            firstId = connection.ConnectionId;
            await connection.ExecuteAsync("SET @leftover = 'x'", None);
        }

        Assert.Equal(1, pool.IdleCount);
        await using (var again = await pool.RentAsync(None))
        {
            Assert.Equal(firstId, again.ConnectionId);
            Assert.Null(await again.ScalarAsync<string>("SELECT @leftover", None));
        }
    }

    [Fact]
    public async Task Renting_beyond_the_maximum_waits_for_a_return()
    {
        await using var pool = new MySqlConnectionPool(TestDatabase.Settings with { MaxPoolSize = 1 });
        var first = await pool.RentAsync(None);
        var waiting = pool.RentAsync(None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        var id = first.ConnectionId;
        await first.DisposeAsync();
        await using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(id, second.ConnectionId);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.RentAsync(timeout.Token));
    }

    [Fact]
    public async Task Broken_connections_are_not_returned_to_the_pool()
    {
        await using var pool = new MySqlConnectionPool(TestDatabase.Settings with { MaxPoolSize = 2 });
        long brokenId;
        await using (var connection = await pool.RentAsync(None))
        {
            brokenId = connection.ConnectionId;
            await using var killer = await TestDatabase.OpenAsync();
            await killer.ExecuteAsync($"KILL CONNECTION {brokenId}", None);
        }

        await using var fresh = await pool.RentAsync(None);
        Assert.NotEqual(brokenId, fresh.ConnectionId);
        Assert.Equal(1, await fresh.ScalarAsync<int>("SELECT 1", None));
    }

    [Fact]
    public async Task Idle_connections_dropped_by_the_server_are_replaced_on_rent()
    {
        await using var pool = new MySqlConnectionPool(TestDatabase.Settings with { MaxPoolSize = 2 }, pingAfterIdle: TimeSpan.Zero);
        long droppedId;
        await using (var connection = await pool.RentAsync(None))
        {
            droppedId = connection.ConnectionId;
        }

        await using (var killer = await TestDatabase.OpenAsync())
        {
            await killer.ExecuteAsync($"KILL CONNECTION {droppedId}", None);
        }

        await using var fresh = await pool.RentAsync(None);
        Assert.NotEqual(droppedId, fresh.ConnectionId);
        Assert.Equal(1, await fresh.ScalarAsync<int>("SELECT 1", None));
    }

    [Fact]
    public async Task Shared_pool_is_keyed_by_settings()
    {
        var settings = TestDatabase.Settings with { ApplicationName = "godwit-pool-test" };
        var pool = MySqlConnectionPool.GetShared(settings);
        Assert.Same(pool, MySqlConnectionPool.GetShared(settings with { }));
        Assert.NotSame(pool, MySqlConnectionPool.GetShared(settings with { MaxPoolSize = 3 }));
        await pool.DisposeAsync();
        await MySqlConnectionPool.GetShared(settings with { MaxPoolSize = 3 }).DisposeAsync();
    }
}
