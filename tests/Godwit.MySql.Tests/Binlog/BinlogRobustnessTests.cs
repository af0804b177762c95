using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>Heartbeats, unreadable positions, server ids and cancellation against the testbed.</summary>
public sealed class BinlogRobustnessTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task An_idle_stream_receives_heartbeats_that_carry_the_source_position()
    {
        var start = await BinlogTestServer.CurrentPositionAsync();
        await using var client = await BinlogTestServer.StartAsync(
            BinlogStart.FromPosition(start), stopAtEnd: false, heartbeat: TimeSpan.FromMilliseconds(100));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var before = DateTimeOffset.UtcNow;

        HeartbeatEvent? heartbeat = null;
        while (heartbeat is null)
        {
            heartbeat = await client.ReadAsync(timeout.Token) as HeartbeatEvent;
        }

        Assert.False(string.IsNullOrEmpty(heartbeat.FileName));
        Assert.True(string.CompareOrdinal(heartbeat.FileName, start.FileName) >= 0);
        Assert.True(heartbeat.SourcePosition >= 4);
        Assert.InRange(heartbeat.ReceivedAt, before, DateTimeOffset.UtcNow);
        Assert.Same(heartbeat, client.LastHeartbeat);
        Assert.Null(heartbeat.Position);
    }

    [Fact]
    public async Task A_position_that_is_not_on_the_source_fails_with_a_clear_error_instead_of_an_empty_stream()
    {
        await using var client = await BinlogTestServer.StartAsync(BinlogStart.FromPosition("mariadb-bin.999999", 4));

        var error = await Assert.ThrowsAsync<MySqlException>(async () => await client.ReadAsync(None));

        Assert.Equal(1236, error.ErrorCode);
        Assert.Contains("mariadb-bin.999999:4 is no longer on the source; re-run migrate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_with_the_source_s_own_server_id_is_refused()
    {
        var options = new BinlogClientOptions { ServerId = 1, Start = BinlogStart.FromPosition(await BinlogTestServer.CurrentPositionAsync()) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => BinlogClient.StartAsync(TestDatabase.Settings, options, None));

        Assert.Contains("server id 1 is the source's own server_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_read_that_waits_for_events_stops_it_promptly()
    {
        var start = await BinlogTestServer.CurrentPositionAsync();
        await using var client = await BinlogTestServer.StartAsync(BinlogStart.FromPosition(start), stopAtEnd: false, heartbeat: TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        // The loop reads for as long as events come: only the cancellation can end it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (true)
            {
                await client.ReadAsync(cancel.Token);
            }
        });
    }
}
