using Godwit.Postgres.Copy;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// A copy killed (kill -9) inside a chunk and resumed reads the rest from a new snapshot; the stream then starts
/// where the committed chunks were read and must not replay into a keyless table what its copied rows already hold.
/// </summary>
public sealed class ResumedCopyReplayTests : SyncTestBase
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_keyless_table_has_no_duplicates_after_a_copy_killed_inside_its_chunk_and_resumed(bool keyedTableCommittedFirst)
    {
        await MySql.ExecuteAsync("""
            CREATE TABLE items (id INT PRIMARY KEY, v INT);
            CREATE TABLE log (a INT, b VARCHAR(40));
            INSERT INTO items SELECT seq, seq FROM seq_1_to_2000;
            INSERT INTO log SELECT seq % 50, CONCAT('row ', seq % 7) FROM seq_1_to_3000;
            """);
        await using (var pg = await Postgres.OpenAsync())
        {
            await PgCopyStore.EnsureAsync(pg, CancellationToken.None);
        }

        // Holds the commit of the keyless table's chunk (or of every chunk) until the test kills the copy.
        var which = keyedTableCommittedFirst ? "NEW.source_table = 'log'" : "true";
        await Postgres.ExecuteAsync($"""
            CREATE FUNCTION godwit.test_hold_chunk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3600); RETURN NEW; END $$;
            CREATE TRIGGER test_hold BEFORE UPDATE ON godwit.copy_chunks FOR EACH ROW
              WHEN (NEW.status = 'done' AND {which}) EXECUTE FUNCTION godwit.test_hold_chunk();
            -- The copy runs with session_replication_role = replica, where only ALWAYS triggers fire.
            ALTER TABLE godwit.copy_chunks ENABLE ALWAYS TRIGGER test_hold;
            """);
        using (var migrate = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--jobs", "2"]))
        {
            try
            {
                await WaitForAsync(
                    async () => await PgScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'") != "0"
                        && (!keyedTableCommittedFirst || await PgScalarAsync("SELECT count(*) FROM godwit.copy_chunks WHERE source_table = 'items' AND status = 'done'") == "1"),
                    TimeSpan.FromSeconds(60),
                    "a chunk commit held by the trigger");
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException(ex.Message + "\n" + migrate.StdErr, ex);
            }

            // Written after the first attempt's snapshot: the resumed copy's snapshot will hold them.
            await MySql.ExecuteAsync("INSERT INTO log VALUES (100, 'after the first snapshot'), (100, 'after the first snapshot'), (101, 'x'); DELETE FROM log WHERE a = 7 LIMIT 1");
            migrate.Kill();
        }

        await Postgres.ExecuteAsync("""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep';
            DROP TRIGGER test_hold ON godwit.copy_chunks;
            """);
        await WaitForAsync(
            async () => await PgScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'") == "0",
            TimeSpan.FromSeconds(60),
            "the held commit to end");
        Assert.Equal(keyedTableCommittedFirst ? "1" : "0", await PgScalarAsync("SELECT count(*) FROM godwit.copy_chunks WHERE status = 'done'"));

        var resumed = await CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target]);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        await SyncOkAsync();

        var source = await MySqlRowsAsync("SELECT a, b FROM log ORDER BY a, b");
        var target = await PgRowsAsync($"SELECT a, b FROM \"{Schema}\".log ORDER BY a, b");
        Assert.Equal(source.Count, target.Count);
        Assert.Equal(source.Select(r => $"{r[0]}|{r[1]}"), target.Select(r => $"{r[0]}|{r[1]}"));
        await AssertSameRowsAsync("items");
    }

    [Fact]
    public async Task A_keyless_table_has_no_duplicates_after_the_target_restarts_during_migrate_and_the_copy_is_resumed()
    {
        await using var target = await PrivateServer.PostgresAsync(5451);
        await using (var admin = await Godwit.Postgres.PgConnectionFactory.OpenAsync(target.Uri, CancellationToken.None))
        await using (var create = new Npgsql.NpgsqlCommand("CREATE DATABASE restarted", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        var targetUri = target.Uri.WithDatabase("restarted");
        await MySql.ExecuteAsync("""
            CREATE TABLE items (id INT PRIMARY KEY, v INT);
            CREATE TABLE log (a INT, b VARCHAR(40));
            INSERT INTO items SELECT seq, seq FROM seq_1_to_2000;
            INSERT INTO log SELECT seq % 50, CONCAT('row ', seq % 7) FROM seq_1_to_3000;
            """);
        await using (var pg = await Godwit.Postgres.PgConnectionFactory.OpenAsync(targetUri, pooled: false, CancellationToken.None))
        {
            await PgCopyStore.EnsureAsync(pg, CancellationToken.None);
            await using var hold = new Npgsql.NpgsqlCommand("""
                CREATE FUNCTION godwit.test_hold_chunk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3600); RETURN NEW; END $$;
                CREATE TRIGGER test_hold BEFORE UPDATE ON godwit.copy_chunks FOR EACH ROW
                  WHEN (NEW.status = 'done' AND NEW.source_table = 'log') EXECUTE FUNCTION godwit.test_hold_chunk();
                ALTER TABLE godwit.copy_chunks ENABLE ALWAYS TRIGGER test_hold;
                """, pg);
            await hold.ExecuteNonQueryAsync();
        }

        string[] migrate = ["migrate", "--source", Source, "--target", targetUri.ToUnmaskedString(), "--jobs", "2"];
        using (var first = SyncProcess.Start(migrate))
        {
            await WaitForAsync(
                async () => await ScalarAsync(targetUri, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'") != "0"
                    && await ScalarAsync(targetUri, "SELECT count(*) FROM godwit.copy_chunks WHERE source_table = 'items' AND status = 'done'") == "1",
                TimeSpan.FromSeconds(60),
                "the keyless table's chunk commit held by the trigger");
            await MySql.ExecuteAsync("INSERT INTO log VALUES (100, 'after the first snapshot'), (100, 'after the first snapshot'), (101, 'x')");

            // The target restarts under the copy: its connections are gone, the held chunk never committed.
            await target.StopAsync();
            Assert.NotEqual(0, await first.WaitAsync(TimeSpan.FromMinutes(2)));
            await target.StartAgainAsync();
        }

        await ExecuteAsync(targetUri, "DROP TRIGGER test_hold ON godwit.copy_chunks");
        var resumed = await CliRun.InvokeAsync(migrate);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        var sync = await CliRun.InvokeAsync(["sync", "--source", Source, "--target", targetUri.ToUnmaskedString(), "--until-caught-up", "--server-id", ServerId]);
        Assert.True(sync.ExitCode == 0, sync.StdErr);

        var source = await MySqlRowsAsync("SELECT a, b FROM log ORDER BY a, b");
        var copied = new List<string>();
        await using (var pg = await Godwit.Postgres.PgConnectionFactory.OpenAsync(targetUri, pooled: false, CancellationToken.None))
        await using (var select = new Npgsql.NpgsqlCommand($"SELECT a::text || '|' || b FROM \"{Schema}\".log ORDER BY a, b", pg))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                copied.Add(reader.GetString(0));
            }
        }

        Assert.Equal(source.Select(r => $"{r[0]}|{r[1]}"), copied);
    }

    private static async Task<string?> ScalarAsync(Godwit.Core.Connections.ConnectionUri uri, string sql)
    {
        await using var pg = await Godwit.Postgres.PgConnectionFactory.OpenAsync(uri, pooled: false, CancellationToken.None);
        await using var command = new Npgsql.NpgsqlCommand(sql, pg);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(Godwit.Core.Connections.ConnectionUri uri, string sql)
    {
        await using var pg = await Godwit.Postgres.PgConnectionFactory.OpenAsync(uri, pooled: false, CancellationToken.None);
        await using var command = new Npgsql.NpgsqlCommand(sql, pg);
        await command.ExecuteNonQueryAsync();
    }
}
