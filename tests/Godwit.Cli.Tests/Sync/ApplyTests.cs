namespace Godwit.Cli.Tests.Sync;

public sealed class ApplyTests : SyncTestBase
{
    private const string Tables = """
        CREATE TABLE account (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, balance DECIMAL(12,2), note TEXT);
        CREATE TABLE ledger (account_id INT NOT NULL, entry INT NOT NULL, amount INT, PRIMARY KEY (account_id, entry),
                             CONSTRAINT ledger_account FOREIGN KEY (account_id) REFERENCES account (id));
        """;

    // Foreign key checks off on the source: the stream must not be blocked by FKs on the target either.
    private const string Workload = """
        SET SESSION foreign_key_checks = 0;
        INSERT INTO account VALUES (1, 'ann', 10.50, NULL), (2, 'bob', 0, 'x'), (3, 'cy', -3.25, 'delete me');
        INSERT INTO ledger VALUES (1, 1, 100), (1, 2, 200), (2, 1, 5);
        UPDATE account SET balance = balance + 1, note = 'updated' WHERE id = 1;
        UPDATE account SET id = 20 WHERE id = 2;
        UPDATE ledger SET entry = entry + 10 WHERE account_id = 1;
        DELETE FROM account WHERE id = 3;
        BEGIN; INSERT INTO account VALUES (4, 'dee', 1, NULL); UPDATE account SET name = 'dee2' WHERE id = 4; COMMIT;
        UPDATE account SET note = NULL WHERE id = 20;
        """;

    [Fact]
    public async Task Inserts_updates_and_deletes_including_key_changes_reach_the_target_row_for_row()
    {
        var start = await SetUpAsync(Tables);
        await MySql.ExecuteAsync(Workload);

        var run = await SyncOkAsync("--from", start);

        Assert.Contains("caught-up", run.StdOut, StringComparison.Ordinal);
        await AssertSameRowsAsync("account");
        await AssertSameRowsAsync("ledger");
        Assert.Equal([["1", "ann", "11.50", "updated"], ["4", "dee2", "1.00", null], ["20", "bob", "0.00", null]], await PgRowsAsync($"SELECT * FROM \"{Schema}\".account ORDER BY id"));
    }

    [Fact]
    public async Task Replaying_the_stream_from_the_start_again_converges_without_duplicates()
    {
        var start = await SetUpAsync(Tables);
        await MySql.ExecuteAsync(Workload);
        await SyncOkAsync("--from", start);

        // What the copy's newer snapshots look like to the stream: changes already on the target, applied again.
        await SyncOkAsync("--from", start);
        await MySql.ExecuteAsync("INSERT INTO account VALUES (5, 'eve', 2, NULL); DELETE FROM ledger WHERE entry = 1;");
        await SyncOkAsync();

        await AssertSameRowsAsync("account");
        await AssertSameRowsAsync("ledger");
    }

    [Fact]
    public async Task A_second_run_resumes_from_the_saved_position_and_sync_state_records_it()
    {
        var start = await SetUpAsync(Tables);
        await MySql.ExecuteAsync("INSERT INTO account VALUES (1, 'a', 1, NULL)");
        await SyncOkAsync("--from", start);
        await MySql.ExecuteAsync("INSERT INTO account VALUES (2, 'b', 2, NULL)");
        var afterInsert = await SourcePositionAsync();

        var second = await SyncOkAsync("--json");

        Assert.Contains("\"rows_applied\":1", second.StdOut, StringComparison.Ordinal);
        await AssertSameRowsAsync("account");
        // At least up to our insert (other tests' transactions in the shared binlog may take it further).
        var saved = await PgScalarAsync($"SELECT binlog_file || ':' || binlog_pos FROM godwit.sync_state WHERE stream = '{Schema}'");
        Assert.True(Order(saved!).CompareTo(Order(afterInsert)) >= 0, $"{saved} is before {afterInsert}");
        Assert.Equal("2", await PgScalarAsync("SELECT rows_applied::text FROM godwit.sync_state"));
    }

    [Fact]
    public async Task A_table_without_a_primary_key_is_applied_by_matching_every_column()
    {
        var start = await SetUpAsync("CREATE TABLE tags (name VARCHAR(20), weight INT)");
        await MySql.ExecuteAsync("""
            INSERT INTO tags VALUES ('a', 1), ('a', 1), ('b', NULL);
            UPDATE tags SET weight = 2 WHERE name = 'a' LIMIT 1;
            DELETE FROM tags WHERE name = 'b';
            """);

        var run = await SyncOkAsync("--from", start);

        Assert.Contains("no primary key", run.StdErr, StringComparison.Ordinal);
        Assert.Equal([["a", "1"], ["a", "2"]], await PgRowsAsync($"SELECT name, weight::text FROM \"{Schema}\".tags ORDER BY 1, 2"));
    }

    [Fact]
    public async Task Without_sync_state_or_copy_position_it_says_to_run_migrate_first()
    {
        await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY)");

        var run = await SyncAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("run `godwit migrate` first", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_sync_state_it_starts_at_the_position_the_copy_recorded()
    {
        await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1)");
        var copyPosition = await SourcePositionAsync();
        await MySql.ExecuteAsync("INSERT INTO t VALUES (2, 2)");
        // What migrate records (godwit.positions via godwit.cdc_start); the copy itself had row 1.
        await Postgres.ExecuteAsync($"""
            CREATE SCHEMA IF NOT EXISTS godwit;
            CREATE TABLE godwit.copy_runs (run_id bigint PRIMARY KEY, source_database text, target_schema text);
            CREATE TABLE godwit.positions (run_id bigint, attempt int, method text, binlog_file text, binlog_pos bigint, gtid text);
            CREATE VIEW godwit.cdc_start AS SELECT DISTINCT ON (run_id) run_id, binlog_file, binlog_pos, gtid, method FROM godwit.positions ORDER BY run_id, attempt;
            INSERT INTO godwit.copy_runs VALUES (1, '{MySql.Name}', '{Schema}');
            INSERT INTO godwit.positions VALUES (1, 1, 'lock', '{copyPosition.Split(':')[0]}', {copyPosition.Split(':')[1]}, NULL);
            INSERT INTO "{Schema}".t VALUES (1, 1);
            """);

        await SyncOkAsync();

        await AssertSameRowsAsync("t");
    }

    [Fact]
    public async Task A_start_given_as_mariadb_gtids_streams_from_there_and_saves_a_file_position()
    {
        await SetUpAsync(Tables);
        var gtids = (await MySqlRowsAsync("SELECT @@global.gtid_binlog_pos")).Single()[0]!;
        await MySql.ExecuteAsync("INSERT INTO account VALUES (7, 'gtid', 1, NULL)");

        await SyncOkAsync("--from-gtid", gtids);

        await AssertSameRowsAsync("account");
        Assert.NotNull(await PgScalarAsync("SELECT binlog_file FROM godwit.sync_state"));
        Assert.NotNull(await PgScalarAsync("SELECT gtid FROM godwit.sync_state"));
    }
}
