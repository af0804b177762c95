namespace Godwit.Cli.Tests.Sync;

/// <summary>A change the target refuses stops the stream with the table, the row's key, the column and the value, as the copy reports a bad row.</summary>
public sealed class StreamErrorTextTests : SyncTestBase
{
    [Fact]
    public async Task A_json_value_postgresql_cannot_store_names_table_key_and_column()
    {
        var start = await SetUpAsync("CREATE TABLE docs (id INT PRIMARY KEY, doc JSON)");
        await MySql.ExecuteAsync("""INSERT INTO docs VALUES (1, '{"a": 1}'), (7, '{"a": "x\\u0000y"}')""");

        var run = await SyncAsync("--from", start);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{Schema}.docs: row id=7, column doc, value ", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("22P05", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_the_target_refuses_names_table_key_and_column()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await Postgres.ExecuteAsync($"ALTER TABLE \"{Schema}\".t ALTER COLUMN v SET NOT NULL");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 1), (2, NULL)");

        var run = await SyncAsync("--from", start);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{Schema}.t: row id=2, column v, value NULL: 23502", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("NULL-able on the target", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_refused_among_many_in_one_commit_group_is_named()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await Postgres.ExecuteAsync($"ALTER TABLE \"{Schema}\".t ALTER COLUMN v SET NOT NULL");
        await MySql.ExecuteAsync("INSERT INTO t SELECT seq, IF(seq = 377, NULL, seq) FROM seq_1_to_1000");

        var run = await SyncAsync("--from", start);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{Schema}.t: row id=377, column v, value NULL: 23502", run.StdErr, StringComparison.Ordinal);
        Assert.Equal([["0"]], await PgRowsAsync($"SELECT count(*)::text FROM \"{Schema}\".t"));
    }

    [Fact]
    public async Task A_duplicate_on_a_unique_key_the_source_lacks_shows_the_detail()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await Postgres.ExecuteAsync($"CREATE UNIQUE INDEX t_v_only ON \"{Schema}\".t (v)");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (1, 5), (2, 5)");

        var run = await SyncAsync("--from", start);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{Schema}.t: row id=2: 23505", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("(constraint t_v_only)", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("Key (v)=(5) already exists", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("DETAIL:", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_table_without_its_key_says_the_copy_did_not_finish()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await Postgres.ExecuteAsync($"ALTER TABLE \"{Schema}\".t DROP CONSTRAINT t_pkey");
        await MySql.ExecuteAsync("INSERT INTO t VALUES (3, 3)");

        var run = await SyncAsync("--from", start);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{Schema}.t: row id=3: 42P10", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("no primary key on (id)", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("godwit migrate", run.StdErr, StringComparison.Ordinal);
    }
}
