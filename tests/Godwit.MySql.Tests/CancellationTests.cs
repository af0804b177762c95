
namespace Godwit.MySql.Tests;

public sealed class CancellationTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Cancelling_a_sleeping_query_kills_it_quickly_and_keeps_the_connection_usable()
    {
        await using var connection = await TestDatabase.OpenAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var marker = Guid.NewGuid().ToString("N");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ExecuteAsync($"SELECT SLEEP(600), '{marker}'", cts.Token));

        // Killed on the server, not merely abandoned by the client (a 600 s sleep would otherwise still run).
        await NotRunningAsync(marker);
        Assert.True(connection.IsUsable);
        Assert.Equal(42, await connection.ScalarAsync<int>("SELECT 42", None));
        Assert.Equal(1, await connection.ScalarAsync<int>("SELECT 1", None));
    }

    [Fact]
    public async Task Cancelling_while_streaming_rows_stops_the_query()
    {
        await using var connection = await TestDatabase.OpenAsync();
        using var cts = new CancellationTokenSource();
        var marker = Guid.NewGuid().ToString("N");
        // Enough rows to fill the server's network buffer arrive before the one that sleeps
        // (MariaDB's Sequence engine produces them).
        var rows = 0;
        await using (var reader = await connection.QueryAsync($"SELECT seq, SLEEP(IF(seq = 60000, 600, 0)), '{marker}' FROM mysql.seq_1_to_60001", cts.Token))
        {
            cts.CancelAfter(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                while (await reader.ReadAsync(cts.Token))
                {
                    rows++;
                }
            });
        }

        Assert.InRange(rows, 1, 59999);

        await NotRunningAsync(marker);
        Assert.Equal(9, await connection.ScalarAsync<int>("SELECT 9", None));
    }

    [Fact]
    public async Task An_already_cancelled_token_runs_nothing()
    {
        await using var connection = await TestDatabase.OpenAsync();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ExecuteAsync("DO 1", cts.Token));
        Assert.Equal(2, await connection.ScalarAsync<int>("SELECT 2", None));
    }

    [Fact]
    public async Task Cancellation_after_completion_does_not_disturb_the_next_query()
    {
        await using var connection = await TestDatabase.OpenAsync();
        using var cts = new CancellationTokenSource();
        Assert.Equal(5, await connection.ScalarAsync<int>("SELECT 5", cts.Token));
        await cts.CancelAsync();
        Assert.Equal(6, await connection.ScalarAsync<int>("SELECT SLEEP(0.3) + 6", None));
    }

    [Fact]
    public async Task Cancellations_racing_with_completion_never_hit_the_next_query()
    {
        await using var connection = await TestDatabase.OpenAsync();
        for (var i = 0; i < 30; i++)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(i));
            try
            {
                Assert.Equal(1, await connection.ScalarAsync<int>("SELECT SLEEP(0.015) + 1", cts.Token));
            }
            catch (OperationCanceledException)
            {
                // Either outcome is fine; what matters is the next statement.
            }

            Assert.True(connection.IsUsable);
            Assert.Equal(i, await connection.ScalarAsync<int>($"SELECT {i}", None));
        }
    }

    [Fact]
    public async Task A_connection_killed_by_the_server_reports_itself_broken()
    {
        await using var victim = await TestDatabase.OpenAsync();
        await using (var killer = await TestDatabase.OpenAsync())
        {
            await killer.ExecuteAsync($"KILL CONNECTION {victim.ConnectionId}", None);
        }

        var first = await Assert.ThrowsAnyAsync<MySqlException>(() => victim.ExecuteAsync("SELECT 1", None));
        Assert.True(first.ErrorCode is (int)MySqlClientError.ServerLost or MySqlException.ErrorConnectionKilled or 1053, first.Message);
        Assert.False(victim.IsUsable);
        var second = await Assert.ThrowsAsync<MySqlException>(() => victim.ExecuteAsync("SELECT 1", None));
        Assert.Equal((int)MySqlClientError.ConnectionBroken, second.ErrorCode);
        Assert.Contains("open a new connection", second.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Waits until the server no longer runs a statement carrying the marker (KILL QUERY takes effect when the
    /// sleeping statement next checks its kill flag). A statement that is never killed fails the test at the guard.
    /// </summary>
    private static async Task NotRunningAsync(string marker)
    {
        await using var observer = await TestDatabase.OpenAsync();
        var guard = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await observer.ScalarAsync<long>(
            $"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%{marker}%' AND INFO NOT LIKE '%PROCESSLIST%'", None) > 0)
        {
            Assert.True(DateTime.UtcNow < guard, "the cancelled statement still runs on the server");
            await Task.Delay(50);
        }
    }
}
