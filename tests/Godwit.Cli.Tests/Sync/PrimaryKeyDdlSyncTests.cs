using Godwit.Cli.Sync;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.Core.Types;
using Godwit.Postgres.Apply;
using Godwit.Providers.MySql.Streaming;

namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// Primary keys changed mid-stream. The target's key keeps the name <c>t_pkey</c> whatever its columns, and the apply
/// matches rows by the key the binlog logged them with: after the change, rows that only the new key tells apart, and
/// updates and deletes by it, must reach the right rows.
/// </summary>
public sealed class PrimaryKeyDdlSyncTests : SyncTestBase
{
    [Fact]
    public async Task A_primary_key_redefined_mid_stream_becomes_the_targets_key_and_rows_match_by_it()
    {
        var start = await SetUpAsync("CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, v VARCHAR(20), PRIMARY KEY (a))");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1, 'one'), (2, 1, 'two')");
        await SyncOkAsync("--from", start);

        // (1, 2) and (2, 2) are new rows only under the new key: under the old one they would overwrite (1, 1) and (2, 1).
        await StepAsync("""
            ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (a, b);
            INSERT INTO t VALUES (1, 2, 'one-two'), (2, 2, 'two-two');
            UPDATE t SET v = 'changed' WHERE a = 1 AND b = 2;
            DELETE FROM t WHERE a = 2 AND b = 1;
            """);

        Assert.Equal("a,b", await PrimaryKeyAsync("t"));
        Assert.Equal([["1", "1", "one"], ["1", "2", "changed"], ["2", "2", "two-two"]], await TargetRowsAsync("t"));
        await AssertSameRowsByAsync("t");
    }

    [Fact]
    public async Task A_primary_key_added_to_a_keyless_table_mid_stream_takes_updates_and_deletes_by_it()
    {
        var start = await SetUpAsync("CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, v VARCHAR(20))");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1, 'one'), (2, 1, 'two')");
        await SyncOkAsync("--from", start);

        await StepAsync("""
            ALTER TABLE t ADD PRIMARY KEY (a);
            INSERT INTO t VALUES (3, 1, 'three');
            UPDATE t SET a = 4, v = 'four' WHERE a = 3;
            UPDATE t SET v = 'changed' WHERE a = 1;
            DELETE FROM t WHERE a = 2;
            """);

        Assert.Equal("a", await PrimaryKeyAsync("t"));
        Assert.Equal([["1", "1", "changed"], ["4", "1", "four"]], await TargetRowsAsync("t"));
        await AssertSameRowsByAsync("t");
    }

    [Fact]
    public async Task A_primary_key_dropped_mid_stream_lets_rows_share_the_old_key()
    {
        var start = await SetUpAsync("CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, v VARCHAR(20), PRIMARY KEY (a))");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1, 'one'), (2, 1, 'two')");
        await SyncOkAsync("--from", start);

        await StepAsync("""
            ALTER TABLE t DROP PRIMARY KEY;
            INSERT INTO t VALUES (1, 2, 'one again');
            UPDATE t SET v = 'changed' WHERE a = 1 AND b = 2;
            DELETE FROM t WHERE a = 2;
            """);

        Assert.Null(await PrimaryKeyAsync("t"));
        Assert.Equal([["1", "1", "one"], ["1", "2", "changed"]], await TargetRowsAsync("t"));
        await AssertSameRowsByAsync("t");
    }

    [Fact]
    public async Task Dropping_the_primary_key_column_leaves_the_table_keyless_on_the_target_too()
    {
        var start = await SetUpAsync("CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, v VARCHAR(20), PRIMARY KEY (a))");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1, 'one'), (2, 1, 'two')");
        await SyncOkAsync("--from", start);

        await StepAsync("""
            ALTER TABLE t DROP COLUMN a;
            INSERT INTO t VALUES (1, 'one again');
            UPDATE t SET v = 'changed' WHERE v = 'one';
            DELETE FROM t WHERE v = 'two';
            """);

        Assert.Null(await PrimaryKeyAsync("t"));
        Assert.Equal([["1", "changed"], ["1", "one again"]], await TargetRowsAsync("t"));
        await AssertSameRowsByAsync("t");
    }

    [Fact]
    public async Task Key_changes_the_stream_reaches_late_apply_each_key_in_its_turn()
    {
        var start = await SetUpAsync("CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, v VARCHAR(20), PRIMARY KEY (a))");

        // Nothing streams meanwhile: when the stream reaches the first ALTER, the source's key is already (b).
        await MySql.ExecuteAsync("""
            INSERT INTO t VALUES (1, 1, 'one'), (2, 1, 'two');
            ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (a, b);
            INSERT INTO t VALUES (1, 2, 'one-two');
            UPDATE t SET v = 'changed' WHERE a = 1 AND b = 2;
            DELETE FROM t WHERE b = 1;
            ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (b);
            INSERT INTO t VALUES (1, 3, 'one-three');
            UPDATE t SET v = 'by b' WHERE b = 3;
            """);
        await SyncOkAsync("--from", start);

        Assert.Equal("b", await PrimaryKeyAsync("t"));
        Assert.Equal([["1", "2", "changed"], ["1", "3", "by b"]], await TargetRowsAsync("t"));
        await AssertSameRowsByAsync("t");
    }

    [Fact]
    public async Task A_column_dropped_from_a_composite_primary_key_leaves_the_rest_of_the_key_as_MySQL_does()
    {
        await SetUpAsync("CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, v INT, PRIMARY KEY (a, b))");

        // MySQL logs ALTER TABLE t DROP COLUMN b and keeps PRIMARY KEY (a); MariaDB refuses that statement, so the
        // source gets to the same schema in one that says more, and the translation is given MySQL's statement.
        await MySql.ExecuteAsync("ALTER TABLE t DROP PRIMARY KEY, DROP COLUMN b, ADD PRIMARY KEY (a)");
        var after = await SourceModel.LoadAsync(new MySqlStreamSource(MySql.Settings), MySqlToPostgresMapper.Instance, new MigrationSpec(), CancellationToken.None);
        await using var target = await Postgres.OpenAsync();
        var catalog = await PgTargetCatalog.ReadAsync(target, null, Schema, CancellationToken.None);
        var definitions = await PgTargetDefinitions.ReadAsync(target, null, Schema, CancellationToken.None);

        var translation = PgDdlTranslator.Translate(
            MySqlDdlParser.Parse("ALTER TABLE t DROP COLUMN b").Actions, after.Plan, after.Plan, catalog, definitions, n => n.ToLowerInvariant(), _ => true);
        foreach (var sql in translation.Statements)
        {
            await Postgres.ExecuteAsync(sql);
        }

        Assert.Null(translation.Unsupported);
        Assert.Equal("a", await PrimaryKeyAsync("t"));
    }

    [Fact]
    public async Task A_key_column_widened_to_bigint_auto_increment_without_NOT_NULL_stays_a_NOT_NULL_key_and_rows_follow()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT NOT NULL, v VARCHAR(20), PRIMARY KEY (id))");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        await SyncOkAsync("--from", start);

        // The statement says nothing of NULL: the server keeps the key column NOT NULL, and so must the target.
        await StepAsync("""
            INSERT INTO t VALUES (3, 'three');
            ALTER TABLE t MODIFY id BIGINT AUTO_INCREMENT;
            INSERT INTO t (v) VALUES ('four'), ('five');
            INSERT INTO t VALUES (5000000000, 'big');
            UPDATE t SET v = 'changed' WHERE id = 1;
            UPDATE t SET id = 6000000000 WHERE id = 2;
            DELETE FROM t WHERE id IN (3, 5);
            """);

        Assert.Equal("id", await PrimaryKeyAsync("t"));
        Assert.Equal("bigint NO", await ColumnAsync("t", "id"));
        Assert.Equal([["1", "changed"], ["4", "four"], ["5000000000", "big"], ["6000000000", "two"]], await PgRowsAsync($"SELECT * FROM \"{Schema}\".t ORDER BY 1"));
        await AssertSameRowsAsync("t");
    }

    [Fact]
    public async Task A_key_column_renamed_and_retyped_without_NOT_NULL_keeps_the_key_on_the_target()
    {
        var start = await SetUpAsync("CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, v VARCHAR(20), PRIMARY KEY (a, b))");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1, 'one'), (2, 1, 'two')");
        await SyncOkAsync("--from", start);

        await StepAsync("""
            ALTER TABLE t CHANGE b bb BIGINT, MODIFY a SMALLINT;
            INSERT INTO t VALUES (1, 5000000000, 'big');
            UPDATE t SET v = 'changed' WHERE a = 1 AND bb = 1;
            DELETE FROM t WHERE a = 2;
            """);

        Assert.Equal("a,bb", await PrimaryKeyAsync("t"));
        Assert.Equal("smallint NO", await ColumnAsync("t", "a"));
        Assert.Equal("bigint NO", await ColumnAsync("t", "bb"));
        Assert.Equal([["1", "1", "changed"], ["1", "5000000000", "big"]], await TargetRowsAsync("t"));
        await AssertSameRowsByAsync("t");
    }

    [Fact]
    public async Task A_key_dropped_and_its_column_made_NULL_able_in_one_statement_reaches_the_target()
    {
        var start = await SetUpAsync("CREATE TABLE t (a INT NOT NULL, b INT NOT NULL, v VARCHAR(20), PRIMARY KEY (a))");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1, 'one'), (2, 2, 'two')");
        await SyncOkAsync("--from", start);

        // PostgreSQL takes the NOT NULL off a key column only once the key is gone.
        await StepAsync("""
            ALTER TABLE t DROP PRIMARY KEY, MODIFY a INT NULL;
            INSERT INTO t VALUES (NULL, 3, 'no a'), (1, 4, 'one again');
            UPDATE t SET v = 'changed' WHERE b = 2;
            DELETE FROM t WHERE b = 1;
            """);

        Assert.Null(await PrimaryKeyAsync("t"));
        Assert.Equal("integer YES", await ColumnAsync("t", "a"));
        Assert.Equal(
            await MySqlRowsAsync("SELECT * FROM t ORDER BY b"),
            await PgRowsAsync($"SELECT * FROM \"{Schema}\".t ORDER BY b"));
    }

    private async Task StepAsync(string sql)
    {
        await MySql.ExecuteAsync(sql);
        await SyncOkAsync();
    }

    /// <summary>The target table's primary key columns in key order, comma-separated; null when it has none.</summary>
    private Task<string?> PrimaryKeyAsync(string table) => PgScalarAsync($"""
        SELECT string_agg(a.attname::text, ',' ORDER BY k.n)
          FROM pg_index x
          CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
          JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
         WHERE x.indrelid = '"{Schema}"."{table}"'::regclass AND x.indisprimary
        """);

    /// <summary>The target column's type and NULL-ability, as <c>bigint NO</c>.</summary>
    private Task<string?> ColumnAsync(string table, string column) => PgScalarAsync(
        $"SELECT data_type || ' ' || is_nullable FROM information_schema.columns WHERE table_schema = '{Schema}' AND table_name = '{table}' AND column_name = '{column}'");

    private Task<List<string?[]>> TargetRowsAsync(string table) => PgRowsAsync($"SELECT * FROM \"{Schema}\".\"{table}\" ORDER BY 1, 2");

    /// <summary>Like <see cref="SyncTestBase.AssertSameRowsAsync"/>, ordered by the first two columns (the first alone repeats here).</summary>
    private async Task AssertSameRowsByAsync(string table) =>
        Assert.Equal(await MySqlRowsAsync($"SELECT * FROM `{table}` ORDER BY 1, 2"), await TargetRowsAsync(table));
}
