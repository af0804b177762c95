namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// Tables that take a commit group's changes as a net effect (each key's last state) end exactly as the source; tables
/// where order matters (a second unique key) and changes the net effect cannot hold (partial row images) keep to one
/// statement per change, in order.
/// </summary>
public sealed class NetEffectApplyTests : SyncTestBase
{
    [Fact]
    public async Task Many_changes_to_the_same_keys_in_one_commit_group_end_in_each_keys_last_state()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20), n DECIMAL(30,10), b BLOB)");
        await MySql.ExecuteAsync("""
            INSERT INTO t VALUES (1, 'one', 1.5, NULL), (2, 'two', NULL, x'00ff'), (4, 'four', 4, NULL);
            BEGIN;
            UPDATE t SET v = 'one again', n = 12345678901234567890.0123456789 WHERE id = 1;
            DELETE FROM t WHERE id = 1;
            INSERT INTO t VALUES (1, 'reborn', -0.0000000001, x'01');
            UPDATE t SET id = 3 WHERE id = 2;
            UPDATE t SET v = NULL WHERE id = 3;
            DELETE FROM t WHERE id = 4;
            INSERT INTO t VALUES (5, 'five', 5, NULL);
            UPDATE t SET id = 4 WHERE id = 5;
            INSERT INTO t SELECT seq, CONCAT('bulk ', seq), seq / 7, NULL FROM seq_100_to_499;
            UPDATE t SET v = 'bulk changed' WHERE id BETWEEN 200 AND 299;
            DELETE FROM t WHERE id BETWEEN 300 AND 349;
            COMMIT;
            INSERT INTO t VALUES (6, 'six', 6, NULL);
            DELETE FROM t WHERE id = 6
            """);

        await SyncOkAsync("--from", start);

        // Enough rows for the set statements (a handful go as statements of their own).
        await AssertSameRowsAsync("t", "id, v, n");
        Assert.Equal(
            [["1", "reborn", "-0.0000000001", "\\x01"], ["3", null, null, "\\x00ff"], ["4", "five", "5.0000000000", null]],
            await PgRowsAsync($"SELECT id::text, v, n::text, b::text FROM \"{Schema}\".t WHERE id < 100 ORDER BY id"));
        Assert.Equal([["353"]], await PgRowsAsync($"SELECT count(*)::text FROM \"{Schema}\".t"));
    }

    [Fact]
    public async Task Rows_trading_a_unique_value_within_a_commit_group_keep_the_sources_order()
    {
        var start = await SetUpAsync("CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(20) NOT NULL, UNIQUE KEY email_uq (email))");
        await MySql.ExecuteAsync("""
            INSERT INTO u VALUES (1, 'a@x'), (2, 'b@x');
            BEGIN;
            UPDATE u SET email = 'swap' WHERE id = 1;
            UPDATE u SET email = 'a@x' WHERE id = 2;
            UPDATE u SET email = 'b@x' WHERE id = 1;
            COMMIT
            """);

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("u");
    }

    [Fact]
    public async Task A_partial_row_image_between_full_ones_is_applied_in_its_place()
    {
        var start = await SetUpAsync("CREATE TABLE p (id INT PRIMARY KEY, a INT, b INT)");
        await MySql.ExecuteAsync("""
            INSERT INTO p VALUES (1, 1, 1);
            BEGIN;
            UPDATE p SET a = 2 WHERE id = 1;
            SET SESSION binlog_row_image = 'MINIMAL';
            UPDATE p SET b = 3 WHERE id = 1;
            SET SESSION binlog_row_image = 'FULL';
            UPDATE p SET a = 4 WHERE id = 1;
            INSERT INTO p VALUES (2, 2, 2);
            COMMIT
            """);

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("p");
        Assert.Equal([["1", "4", "3"], ["2", "2", "2"]], await PgRowsAsync($"SELECT id::text, a::text, b::text FROM \"{Schema}\".p ORDER BY id"));
    }

    [Fact]
    public async Task A_key_moved_again_after_the_table_map_id_changed_mid_group_ends_where_it_went_last()
    {
        // FLUSH TABLES gives the table a new TABLE_MAP id: the stream applies its later changes with a second applier,
        // whose small net effect must still land after the first applier's large one.
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await MySql.ExecuteAsync("""
            INSERT INTO t SELECT seq, seq FROM seq_1_to_300;
            UPDATE t SET id = 1000 WHERE id = 1;
            FLUSH TABLES t;
            UPDATE t SET id = 2000 WHERE id = 1000
            """);

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("t");
        Assert.Equal([["300", "0"]], await PgRowsAsync($"SELECT count(*)::text, count(*) FILTER (WHERE id = 1000)::text FROM \"{Schema}\".t"));
    }
}
