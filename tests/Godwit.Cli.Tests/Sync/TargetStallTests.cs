using Godwit.Testing;
using Npgsql;

namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// The apply connection's liveness: a frozen route to the target is noticed and the stream reconnects; a statement
/// that is merely slow (waiting on a lock the application holds) is waited for.
/// </summary>
public sealed class TargetStallTests : SyncTestBase
{
    [Fact]
    public async Task A_frozen_target_connection_is_given_up_and_the_stream_reconnects()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await using var relay = new TcpRelay(Postgres.Uri.Host, Postgres.Uri.Port);
        var throughRelay = $"postgresql://godwit:godwit@127.0.0.1:{relay.Port}/{Postgres.Name}";
        using var sync = SyncProcess.Start(["sync", "--source", Source, "--target", throughRelay, "--from", start, "--server-id", ServerId]);
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1), (2, 2)");
        await WaitForAsync(async () => await PgScalarAsync($"SELECT count(*)::text FROM \"{Schema}\".t") == "2", TimeSpan.FromSeconds(60), "the first rows");

        relay.Freeze();
        await MySql.ExecuteAsync("INSERT INTO t VALUES (3, 3), (4, 4)");

        await WaitForAsync(
            async () => await PgScalarAsync($"SELECT count(*)::text FROM \"{Schema}\".t") == "4",
            TimeSpan.FromMinutes(2),
            "the rows written after the freeze:\n" + sync.StdErr);
        Assert.Contains("lost the target", sync.StdErr, StringComparison.Ordinal);
        Assert.Contains("presumed dead", sync.StdErr, StringComparison.Ordinal);
        await AssertSameRowsAsync("t");
    }

    [Fact]
    public async Task An_apply_waiting_on_a_lock_the_application_holds_is_waited_for()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await using var app = await Postgres.OpenAsync();
        await using var tx = await app.BeginTransactionAsync();
        await using (var lockIt = new NpgsqlCommand($"LOCK TABLE \"{Schema}\".t IN ACCESS EXCLUSIVE MODE", app, tx))
        {
            await lockIt.ExecuteNonQueryAsync();
        }

        using var sync = SyncProcess.Start(["sync", "--source", Source, "--target", Target, "--from", start, "--server-id", ServerId]);
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1)");

        // Past the watchdog's 10 s: the apply's backend is active (waiting on the lock), so it is not given up.
        await WaitForAsync(
            async () => (await PgRowsAsync($"SELECT 1 FROM pg_stat_activity WHERE application_name = 'godwit-sync' AND wait_event_type = 'Lock' AND now() - query_start > interval '13 seconds'")).Count > 0,
            TimeSpan.FromSeconds(90),
            "the apply to wait on the lock for 13 s:\n" + sync.StdErr);
        await tx.RollbackAsync();

        await WaitForAsync(async () => await PgScalarAsync($"SELECT count(*)::text FROM \"{Schema}\".t") == "1", TimeSpan.FromSeconds(60), "the row once the lock is gone");
        Assert.DoesNotContain("lost the target", sync.StdErr, StringComparison.Ordinal);
    }
}
