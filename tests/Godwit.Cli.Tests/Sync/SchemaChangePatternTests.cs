namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// Schema changes teams really run on a live source, streamed in order: the target must be correct afterwards, and a
/// statement replayed while the stream is behind (the source already changed again) must not stop it.
/// </summary>
public sealed class SchemaChangePatternTests : SyncTestBase
{
    [Fact]
    public async Task Changing_the_type_of_a_column_a_view_uses_recreates_the_view_around_the_change()
    {
        var start = await SetUpAsync("""
            CREATE TABLE t (id INT PRIMARY KEY, amount INT);
            CREATE VIEW v AS SELECT id, amount FROM t;
            CREATE VIEW w AS SELECT id FROM v WHERE amount > 1
            """);
        await MySql.ExecuteAsync("ALTER TABLE t MODIFY amount BIGINT; INSERT INTO t VALUES (1, 9000000000)");

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("t");
        Assert.Equal([["bigint"]], await PgRowsAsync($"SELECT data_type::text FROM information_schema.columns WHERE table_schema = '{Schema}' AND table_name = 'v' AND column_name = 'amount'"));
        Assert.Equal([["1"]], await PgRowsAsync($"SELECT id::text FROM \"{Schema}\".w"));
    }

    [Fact]
    public async Task Dropping_a_tables_last_foreign_key_drops_it_on_the_target()
    {
        var start = await SetUpAsync("""
            CREATE TABLE parent (id INT PRIMARY KEY);
            CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id))
            """);
        await MySql.ExecuteAsync("ALTER TABLE child DROP FOREIGN KEY child_parent; INSERT INTO child VALUES (1, 42)");

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("child");
        Assert.Empty(await PgRowsAsync($"SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = '\"{Schema}\".child'::regclass"));
    }

    [Fact]
    public async Task Foreign_keys_and_an_enum_column_replayed_while_the_stream_is_behind_end_as_the_source()
    {
        var start = await SetUpAsync("""
            CREATE TABLE parent (id INT PRIMARY KEY);
            CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk1 FOREIGN KEY (parent_id) REFERENCES parent (id))
            """);
        await MySql.ExecuteAsync("""
            INSERT INTO parent VALUES (1);
            ALTER TABLE child DROP FOREIGN KEY fk1;
            INSERT INTO child VALUES (1, 5);
            DELETE FROM child;
            ALTER TABLE child ADD CONSTRAINT fk2 FOREIGN KEY (parent_id) REFERENCES parent (id);
            ALTER TABLE child ADD COLUMN kind ENUM('a', 'b') NOT NULL DEFAULT 'a';
            INSERT INTO child VALUES (2, 1, 'b');
            ALTER TABLE child DROP COLUMN kind;
            INSERT INTO child VALUES (3, 1)
            """);

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("child");
        Assert.Equal([["fk2"]], await PgRowsAsync($"SELECT conname::text FROM pg_constraint WHERE contype = 'f' AND conrelid = '\"{Schema}\".child'::regclass"));
        // Run again from the start: every statement is replayed over a target that already has its effect.
        await SyncOkAsync("--from", start);
        await AssertSameRowsAsync("child");
    }

    [Fact]
    public async Task An_enum_or_set_column_added_mid_stream_gets_the_check_the_schema_command_makes()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        await MySql.ExecuteAsync("""
            ALTER TABLE t ADD COLUMN size ENUM('s', 'm', 'l') NOT NULL DEFAULT 'm', ADD COLUMN tags SET('x', 'y');
            INSERT INTO t VALUES (1, 'l', 'x,y')
            """);

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("t", "id, size");
        Assert.Equal([["{x,y}"]], await PgRowsAsync($"SELECT tags::text FROM \"{Schema}\".t"));
        var fresh = await SchemaOfAsync("CREATE TABLE t (id INT PRIMARY KEY, size ENUM('s', 'm', 'l') NOT NULL DEFAULT 'm', tags SET('x', 'y'))");
        Assert.Equal(2, fresh.Count);
        Assert.Equal(fresh, await ChecksAsync(Schema));

        // A label added later: the CHECK follows, and a row with the new label goes in.
        await MySql.ExecuteAsync("ALTER TABLE t MODIFY size ENUM('s', 'm', 'l', 'xl') NOT NULL DEFAULT 'm'; INSERT INTO t VALUES (2, 'xl', NULL)");
        await SyncOkAsync();
        await AssertSameRowsAsync("t", "id, size");
        Assert.Equal(
            await SchemaOfAsync("CREATE TABLE t (id INT PRIMARY KEY, size ENUM('s', 'm', 'l', 'xl') NOT NULL DEFAULT 'm', tags SET('x', 'y'))"),
            await ChecksAsync(Schema));

        // No longer an ENUM: its labels CHECK goes, a CHECK of the source's own with a name like it stays.
        await MySql.ExecuteAsync("""
            ALTER TABLE t ADD COLUMN n INT, ADD CONSTRAINT t_n_check CHECK (n > 0);
            ALTER TABLE t MODIFY size VARCHAR(10) NOT NULL, MODIFY n BIGINT;
            INSERT INTO t VALUES (3, 'huge', NULL, 5)
            """);
        await SyncOkAsync();
        await AssertSameRowsAsync("t", "id, size, n");
        Assert.Equal(["t_n_check", "t_tags_check"], (await ChecksAsync(Schema)).Select(r => r[0]));
    }

    [Fact]
    public async Task A_table_created_by_create_table_select_arrives_with_its_rows()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        await MySql.ExecuteAsync("CREATE TABLE copy_of_t (PRIMARY KEY (id)) SELECT id, v FROM t; INSERT INTO copy_of_t VALUES (3, 'c')");

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("copy_of_t");
    }

    [Fact]
    public async Task Tables_swapped_by_a_three_way_rename_keep_their_rows_under_their_new_names()
    {
        var start = await SetUpAsync("CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(10)); CREATE TABLE b (id INT PRIMARY KEY, w INT)");
        await MySql.ExecuteAsync("""
            INSERT INTO a VALUES (1, 'from a');
            INSERT INTO b VALUES (2, 22);
            RENAME TABLE a TO tmp, b TO a, tmp TO b;
            INSERT INTO a VALUES (3, 33);
            INSERT INTO b VALUES (4, 'into b')
            """);

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("a");
        await AssertSameRowsAsync("b");
        Assert.Equal(4, (await PgRowsAsync($"SELECT id FROM \"{Schema}\".a UNION ALL SELECT id FROM \"{Schema}\".b")).Count);
    }

    [Fact]
    public async Task A_table_rebuilt_by_an_online_schema_change_tool_replicates_while_the_stream_is_behind()
    {
        // What pt-online-schema-change and gh-ost do: a shadow table made LIKE the original, altered, filled by
        // triggers and chunked copies, swapped in by one RENAME, the old table dropped.
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
        await MySql.ExecuteAsync("""
            INSERT INTO t VALUES (1, 'a'), (2, 'b');
            CREATE TABLE _t_new LIKE t;
            ALTER TABLE _t_new ADD COLUMN extra INT NOT NULL DEFAULT 0;
            CREATE TRIGGER t_ins AFTER INSERT ON t FOR EACH ROW REPLACE INTO _t_new (id, v) VALUES (NEW.id, NEW.v);
            INSERT LOW_PRIORITY IGNORE INTO _t_new (id, v) SELECT id, v FROM t LOCK IN SHARE MODE;
            INSERT INTO t VALUES (3, 'c');
            RENAME TABLE t TO _t_old, _t_new TO t;
            DROP TRIGGER t_ins;
            DROP TABLE IF EXISTS _t_old;
            INSERT INTO t VALUES (4, 'd', 4)
            """);

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("t");
        Assert.Equal(
            [["t"]],
            await PgRowsAsync($"SELECT tablename::text FROM pg_tables WHERE schemaname = '{Schema}' ORDER BY 1"));
    }

    [Fact]
    public async Task A_table_swapped_in_by_an_online_schema_change_during_a_workload_keeps_every_write()
    {
        var start = await SetUpAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL); CREATE VIEW tv AS SELECT id, v FROM t");
        using var sync = SyncProcess.Start(["sync", "--source", Source, "--target", Target, "--server-id", ServerId, "--from", start]);
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            await using var c = await MySql.OpenAsync(CancellationToken.None);
            for (var id = 1; !stop.IsCancellationRequested; id++)
            {
                // Inserts and updates of earlier rows, through the swap: the RENAME waits for them and they for it.
                await c.ExecuteAsync($"INSERT INTO t (id, v) VALUES ({id}, {id}); UPDATE t SET v = v + 1 WHERE id = {(id + 1) / 2}", CancellationToken.None);
                writes = id;
            }
        });
        await WaitForAsync(() => Task.FromResult(Volatile.Read(ref writes) >= 50), TimeSpan.FromSeconds(60), "the workload to write");

        // gh-ost's and pt-online-schema-change's steps (pt-osc's triggers keep the shadow table current).
        await MySql.ExecuteAsync("""
            CREATE TABLE _t_gho LIKE t;
            ALTER TABLE _t_gho ADD COLUMN note VARCHAR(20) NOT NULL DEFAULT 'rebuilt';
            CREATE TRIGGER t_ins AFTER INSERT ON t FOR EACH ROW REPLACE INTO _t_gho (id, v) VALUES (NEW.id, NEW.v);
            CREATE TRIGGER t_upd AFTER UPDATE ON t FOR EACH ROW REPLACE INTO _t_gho (id, v) VALUES (NEW.id, NEW.v);
            INSERT IGNORE INTO _t_gho (id, v) SELECT id, v FROM t LOCK IN SHARE MODE;
            RENAME TABLE t TO _t_del, _t_gho TO t;
            DROP TRIGGER t_ins;
            DROP TRIGGER t_upd;
            DROP TABLE _t_del
            """);
        var swappedAt = Volatile.Read(ref writes);
        await WaitForAsync(() => Task.FromResult(Volatile.Read(ref writes) >= swappedAt + 50), TimeSpan.FromSeconds(60), "the workload to write after the swap");
        await stop.CancelAsync();
        await writer;

        var expected = await MySqlRowsAsync("SELECT count(*) FROM t");
        await WaitForAsync(
            async () => (await PgRowsAsync($"SELECT count(*) FROM \"{Schema}\".t"))[0][0] == expected[0][0],
            TimeSpan.FromSeconds(120),
            "the target to catch up:\n" + sync.StdErr);
        await AssertSameRowsAsync("t");
        Assert.Equal(expected, await PgRowsAsync($"SELECT count(*) FROM \"{Schema}\".tv"));
        Assert.Equal([["t"]], await PgRowsAsync($"SELECT tablename::text FROM pg_tables WHERE schemaname = '{Schema}'"));
    }

    private async Task<List<string?[]>> ChecksAsync(string schema) =>
        await PgRowsAsync($"""
            SELECT conname::text, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
            JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = '{schema}' AND c.contype = 'c' ORDER BY 1
            """);

    /// <summary>The CHECK constraints <c>godwit schema</c> makes for a table created from scratch (in a second scratch pair).</summary>
    private async Task<List<string?[]>> SchemaOfAsync(string ddl)
    {
        await using var mysql = await Godwit.Testing.MySqlScratchDatabase.CreateAsync();
        await using var postgres = await Godwit.Testing.PgScratchDatabase.CreateAsync();
        await mysql.ExecuteAsync(ddl);
        var run = await CliRun.InvokeAsync(["schema", "--source", mysql.Uri.ToUnmaskedString(), "--target", postgres.Uri.ToUnmaskedString()]);
        Assert.True(run.ExitCode == 0, run.StdErr);
        var rows = await postgres.RowsAsync($"""
            SELECT conname::text, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
            JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = '{mysql.Name}' AND c.contype = 'c' ORDER BY 1
            """);
        return [.. rows.Select(r => new[] { r[0], r[1]!.Replace($"\"{mysql.Name}\".", $"\"{Schema}\".", StringComparison.Ordinal) })];
    }
}
