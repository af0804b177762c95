namespace Godwit.Cli.Tests.Sync;

/// <summary>DDL mid-stream: each kind applied on the source between data changes, streamed, and the target checked.</summary>
public sealed class DdlSyncTests : SyncTestBase
{
    [Fact]
    public async Task Columns_added_changed_and_dropped_mid_stream_keep_the_target_equal_to_the_source()
    {
        var start = await SetUpAsync("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
        await MySql.ExecuteAsync("INSERT INTO items VALUES (1, 'a'), (2, 'b')");
        await SyncOkAsync("--from", start);

        // Existing rows get the new column's default, on the target too (no row events are logged for them).
        await StepAsync("ALTER TABLE items ADD COLUMN qty INT NOT NULL DEFAULT 7; INSERT INTO items VALUES (3, 'c', 3)");
        await AssertSameRowsAsync("items");
        await StepAsync("ALTER TABLE items CHANGE name title VARCHAR(40); UPDATE items SET title = 'bb' WHERE id = 2");
        await AssertSameRowsAsync("items");
        await StepAsync("ALTER TABLE items MODIFY qty BIGINT NULL; INSERT INTO items VALUES (4, 'd', 9000000000)");
        await AssertSameRowsAsync("items");
        await StepAsync("ALTER TABLE items RENAME COLUMN title TO label; ALTER TABLE items DROP COLUMN qty; INSERT INTO items VALUES (5, 'e')");
        await AssertSameRowsAsync("items");

        Assert.Equal(
            [["id", "integer"], ["label", "character varying"]],
            await PgRowsAsync($"SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = '{Schema}' AND table_name = 'items' ORDER BY ordinal_position"));
    }

    [Fact]
    public async Task Tables_created_renamed_truncated_and_dropped_mid_stream_follow_on_the_target()
    {
        var start = await SetUpAsync("CREATE TABLE keep (id INT PRIMARY KEY)");
        await SyncOkAsync("--from", start);

        await StepAsync("CREATE TABLE extra (id INT PRIMARY KEY, v TEXT NOT NULL, KEY v_idx (v(10))); INSERT INTO extra VALUES (1, 'x'), (2, 'y')");
        await AssertSameRowsAsync("extra");
        await StepAsync("RENAME TABLE extra TO extra2; INSERT INTO extra2 VALUES (3, 'z')");
        await AssertSameRowsAsync("extra2");
        await StepAsync("ALTER TABLE extra2 RENAME TO extra3; DELETE FROM extra3 WHERE id = 1");
        await AssertSameRowsAsync("extra3");
        await StepAsync("TRUNCATE TABLE extra3; INSERT INTO extra3 VALUES (7, 'after truncate')");
        await AssertSameRowsAsync("extra3");
        await StepAsync("CREATE TABLE gone (id INT PRIMARY KEY); INSERT INTO gone VALUES (1); DROP TABLE gone; INSERT INTO keep VALUES (1)");

        Assert.Equal(
            ["extra3", "keep"],
            (await PgRowsAsync($"SELECT tablename::text FROM pg_tables WHERE schemaname = '{Schema}' ORDER BY 1")).Select(r => r[0]));
        await AssertSameRowsAsync("keep");
    }

    [Fact]
    public async Task Indexes_created_and_dropped_mid_stream_follow_on_the_target()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(10))");
        await SyncOkAsync("--from", start);

        await StepAsync("CREATE INDEX a_idx ON t (a); ALTER TABLE t ADD UNIQUE KEY b_uq (b); INSERT INTO t VALUES (1, 1, 'x')");
        Assert.Equal(["a_idx", "b_uq", "t_pkey"], await IndexesAsync());
        await StepAsync("DROP INDEX a_idx ON t; ALTER TABLE t DROP INDEX b_uq, ADD INDEX ab_idx (a, b)");

        Assert.Equal(["ab_idx", "t_pkey"], await IndexesAsync());
        await AssertSameRowsAsync("t");
    }

    [Fact]
    public async Task On_ddl_stop_stops_before_the_statement_with_the_position_before_it_saved()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1)");
        var beforeDdl = await SourcePositionAsync();
        await MySql.ExecuteAsync("ALTER TABLE t ADD COLUMN c INT");
        var afterDdl = await SourcePositionAsync();
        await MySql.ExecuteAsync("INSERT INTO t VALUES (2, 2)");

        var run = await SyncAsync("--from", start, "--on-ddl", "stop");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ALTER TABLE t ADD COLUMN c INT", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("--on-ddl ignore", run.StdErr, StringComparison.Ordinal);
        // Other tests write to the same binlog: the saved position is between our INSERT and our ALTER, before the ALTER.
        var saved = await PgScalarAsync("SELECT binlog_file || ':' || binlog_pos FROM godwit.sync_state");
        Assert.InRange(Order(saved!), Order(beforeDdl), (Order(afterDdl).File, Order(afterDdl).Pos - 1));
        Assert.Equal([["1"]], await PgRowsAsync($"SELECT id::text FROM \"{Schema}\".t"));
        Assert.Contains("stopped before the DDL", await PgScalarAsync("SELECT last_error FROM godwit.sync_state"), StringComparison.Ordinal);

        // Resuming with the default (apply) goes on from exactly there.
        await SyncOkAsync();
        await AssertSameRowsAsync("t");
    }

    [Fact]
    public async Task A_statement_the_stream_cannot_reproduce_stops_it_and_says_what_to_do()
    {
        var start = await SetUpAsync("CREATE TABLE p (id INT NOT NULL, PRIMARY KEY (id)) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE)");
        await MySql.ExecuteAsync("INSERT INTO p VALUES (1), (20); ALTER TABLE p TRUNCATE PARTITION p0");

        var run = await SyncAsync("--from", start);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not understood", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("TRUNCATE PARTITION", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("--from", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, (await PgRowsAsync($"SELECT id FROM \"{Schema}\".p")).Count);
    }

    [Fact]
    public async Task On_ddl_ignore_passes_over_the_statement_and_applies_the_columns_the_target_has()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        await MySql.ExecuteAsync("ALTER TABLE t ADD COLUMN c INT; INSERT INTO t VALUES (1, 5)");

        var run = await SyncOkAsync("--from", start, "--on-ddl", "ignore");

        Assert.Contains("ignored DDL", run.StdErr, StringComparison.Ordinal);
        Assert.Equal([["1"]], await PgRowsAsync($"SELECT * FROM \"{Schema}\".t"));
    }

    private async Task StepAsync(string sql)
    {
        await MySql.ExecuteAsync(sql);
        await SyncOkAsync();
    }

    private async Task<List<string?>> IndexesAsync() =>
        [.. (await PgRowsAsync($"SELECT indexname::text FROM pg_indexes WHERE schemaname = '{Schema}' AND tablename = 't' ORDER BY 1")).Select(r => r[0])];
}
