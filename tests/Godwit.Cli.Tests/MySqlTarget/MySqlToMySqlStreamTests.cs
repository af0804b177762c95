using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.MySqlTarget;

/// <summary>MySQL → MySQL: the binlog applied to a MySQL target exactly once, keyless tables and key moves included, and several sources into one database.</summary>
public sealed class MySqlToMySqlStreamTests : MySqlTargetTestBase
{
    private const string Tables = """
        CREATE TABLE a (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(50) CHARACTER SET latin1, price DECIMAL(30,10), f FLOAT, b BLOB, bits BIT(5),
                        d DATETIME(6), ts TIMESTAMP(6) NULL, z DATE, j JSON, e ENUM('x','y'), g POINT, v INT AS (id * 2) VIRTUAL);
        CREATE TABLE nokey (x INT, y TEXT);
        """;

    private const string Select = """
        SELECT id, name, HEX(name), price, CAST(f AS DOUBLE), HEX(b), bits + 0, d, ts, z, j, e, ST_AsText(g), v FROM a ORDER BY id
        """;

    [Fact]
    public async Task Inserts_updates_key_moves_deletes_and_a_keyless_tables_changes_land_on_a_MySQL_target_exactly_once()
    {
        await SourceDb.ExecuteAsync(Tables + """
            INSERT INTO a (name, price, f, b, bits, d, ts, z, j, e, g) VALUES
              ('héllo', 12345678901234567890.0123456789, 3.14159, x'00ff0a5c09', b'10101', '2024-01-02 03:04:05.678901', '2024-01-02 03:04:05', '0000-00-00', '{"a": 1}', 'y', POINT(1, 2)),
              (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            INSERT INTO nokey VALUES (1, 'a'), (1, 'a'), (2, 'b');
            """);
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        await SourceDb.ExecuteAsync("""
            SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
            INSERT INTO a (name, price, b, bits, g, ts) VALUES ('new', -0.0000000001, x'0102', b'1', POINT(3, 4), '2038-01-19 03:14:07');
            UPDATE a SET name = 'Grüße', price = 2.25, f = -0.5, b = x'00' WHERE id = 1;
            UPDATE a SET id = 10 WHERE id = 2;
            UPDATE nokey SET y = 'c' WHERE x = 1 LIMIT 1;
            DELETE FROM nokey WHERE x = 2;
            INSERT INTO nokey VALUES (3, NULL);
            """);
        var sync = await SyncUntilCaughtUpAsync();
        Assert.True(sync.ExitCode == 0, sync.StdErr);

        // Run again from the committed position: nothing is applied twice.
        await SourceDb.ExecuteAsync("DELETE FROM a WHERE id = 1");
        var again = await SyncUntilCaughtUpAsync();
        Assert.True(again.ExitCode == 0, again.StdErr);

        await AssertSameRowsAsync(Select);
        await AssertSameRowsAsync("SELECT x, y FROM nokey ORDER BY x, y");
        var verify = await VerifyAsync();
        Assert.True(verify.ExitCode == 0, verify.StdOut + verify.StdErr);
    }

    /// <summary>
    /// What Godwit applies to a MySQL server is marked (its state row comes first in the transaction), and a stream
    /// reading that server passes over it: the reverse stream after a cutover cannot send the forward stream's rows
    /// back. Here a second stream reads the first one's target: it carries the application's own write there, not the
    /// rows the first stream applied.
    /// </summary>
    [Fact]
    public async Task A_stream_reading_a_MySQL_target_passes_over_the_transactions_Godwit_applied_there_and_carries_the_applications()
    {
        await using var downstream = await MySqlScratchDatabase.CreateAsync();
        await SourceDb.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, origin VARCHAR(20)); INSERT INTO t VALUES (1, 'copied')");
        Assert.True((await MigrateAsync()).ExitCode == 0);
        string[] second = ["--source", TargetDb.Uri.ToUnmaskedString(), "--target", Target, "--target-schema", downstream.Name];
        var copy = await GodwitAsync(["migrate", .. second]);
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        await SourceDb.ExecuteAsync("INSERT INTO t VALUES (100, 'applied by godwit')");
        Assert.True((await SyncUntilCaughtUpAsync()).ExitCode == 0);
        await TargetDb.ExecuteAsync("INSERT INTO t VALUES (200, 'application')");
        var sync = await GodwitAsync(["sync", .. second, "--until-caught-up"]);

        Assert.True(sync.ExitCode == 0, sync.StdErr);
        Assert.Equal(["1", "100", "200"], (await TargetDb.RowsAsync("SELECT id FROM t ORDER BY id")).Select(r => r[0]));
        Assert.Equal(["1", "200"], (await downstream.RowsAsync("SELECT id FROM t ORDER BY id")).Select(r => r[0]));
    }

    [Fact]
    public async Task A_follower_killed_under_writes_resumes_from_the_position_committed_with_the_rows_and_ends_equal()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO t VALUES (1, 0), (2, 0), (3, 0)");
        var follow = Sync.SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--target-schema", TargetDb.Name, "--follow"]);
        try
        {
            await using var writer = await SourceDb.OpenAsync();
            for (var round = 0; round < 3; round++)
            {
                for (var i = 0; i < 200; i++)
                {
                    await writer.ExecuteAsync($"UPDATE t SET n = n + 1 WHERE id = {1 + (i % 3)}; INSERT INTO t VALUES ({1000 + (round * 1000) + i}, {i})", CancellationToken.None);
                }

                var running = follow;
                await Waiting.UntilAsync(
                    async () => await TryTargetScalarAsync($"SELECT COUNT(*) FROM t WHERE id >= {1000 + (round * 1000)}") is { } n && n != "0",
                    TimeSpan.FromSeconds(120),
                    $"the follower to apply rows:\n{running.StdErr}");
                follow.Kill();
                follow.Dispose();
                follow = Sync.SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--target-schema", TargetDb.Name, "--follow"]);
            }
        }
        finally
        {
            follow.Kill();
            follow.Dispose();
        }

        var sync = await SyncUntilCaughtUpAsync();
        Assert.True(sync.ExitCode == 0, sync.StdErr);
        await AssertSameRowsAsync("SELECT id, n FROM t ORDER BY id");
    }
}
