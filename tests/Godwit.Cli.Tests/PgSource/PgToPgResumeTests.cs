using Godwit.Cli.Tests.Sync;
using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary>
/// A PostgreSQL source's tables without a one-column integer key are copied in ranges of pages, which hold a
/// well-defined set of rows only within one snapshot; a copy killed part way and resumed at a new snapshot copies
/// such a table again.
/// </summary>
public sealed class PgToPgResumeTests : PgSourceTestBase
{
    // A text key (so page ranges), full pages (fillfactor 100): an update cannot stay on its page, so the new row
    // lands in a later page range.
    private const string Schema = """
        CREATE TABLE public.moving (code text PRIMARY KEY, id bigint NOT NULL, v int NOT NULL, pad text NOT NULL) WITH (fillfactor = 100);
        INSERT INTO public.moving SELECT lpad(g::text, 8, '0'), g, g, repeat('p', 200) FROM generate_series(1, 6000) g;
        ANALYZE;
        """;

    [Fact]
    public async Task A_copy_killed_after_some_page_ranges_and_resumed_after_rows_moved_between_them_copies_the_table_again_and_ends_row_for_row_equal()
    {
        await SourceDb.ExecuteAsync(Schema);
        var first = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--chunk-rows", "500", "--jobs", "1", "--max-rows-per-second", "1500"]);
        try
        {
            await WaitForAsync(
                async () => await TargetDb.ScalarAsync<long>(
                    "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'godwit' AND tablename = 'copy_chunks'") > 0
                    && await TargetDb.ScalarAsync<long>("SELECT count(*) FROM godwit.copy_chunks WHERE status = 'done'") >= 2,
                TimeSpan.FromSeconds(120),
                $"two chunks done:\n{first.StdErr}");
            first.Kill();
        }
        finally
        {
            first.Dispose();
        }

        var chunks = await TargetDb.ScalarAsync<long>("SELECT count(*) FROM godwit.copy_chunks WHERE source_table = 'public.moving'");
        Assert.True(await TargetDb.ScalarAsync<long>("SELECT count(*) FROM godwit.copy_chunks WHERE lower_bound[1] LIKE 'page:%'") == chunks, "the table was not split into page ranges");
        Assert.True(await TargetDb.ScalarAsync<long>("SELECT count(*) FROM godwit.copy_chunks WHERE status = 'pending'") > 0, "the copy finished before it was killed");

        // Rows of the copied first ranges move to pages the resumed copy has still to read; some go, some come.
        await SourceDb.ExecuteAsync("""
            UPDATE public.moving SET v = v + 1000000 WHERE id <= 1500;
            DELETE FROM public.moving WHERE id % 97 = 0;
            INSERT INTO public.moving SELECT lpad(g::text, 8, '0'), g, g, 'new' FROM generate_series(6001, 6100) g;
            """);

        var resumed = await MigrateAsync("--chunk-rows", "500", "--jobs", "1");

        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        Assert.Contains("moving: ", resumed.StdErr, StringComparison.Ordinal);
        Assert.Contains("so the table is copied again from its start", resumed.StdErr, StringComparison.Ordinal);
        var sync = await SyncUntilCaughtUpAsync();
        Assert.True(sync.ExitCode == 0, sync.StdErr);
        await AssertSameRowsAsync("public.moving");
    }

    /// <summary>
    /// A copy killed while its slot waits for a consistent point leaves a walsender behind still making it (it notices
    /// its client is gone only when it next waits for WAL, which under load may be seconds later): the slot is listed,
    /// but it goes when that backend ends. The next attempt must not take it for the stream's slot. The first attempt
    /// is stopped (SIGSTOP) rather than killed, so its walsender is sure to outlive the second attempt's look.
    /// </summary>
    [Fact]
    public async Task A_copy_killed_while_its_slot_is_being_made_is_resumed_with_a_slot_of_its_own_and_the_stream_then_finds_it()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id int PRIMARY KEY, v text); INSERT INTO public.t SELECT g, 'v' || g FROM generate_series(1, 100) g");

        // A transaction that holds an xid keeps any new slot short of its consistent point until it ends.
        await using var open = await OpenWriteAsync("INSERT INTO public.t VALUES (1000, 'in flight')");

        using var first = SyncProcess.Start(["migrate", "--source", Source, "--target", Target]);
        await WaitForAsync(
            async () => await SourceDb.ScalarAsync<long>("SELECT count(*) FROM pg_replication_slots WHERE database = current_database() AND active AND NOT temporary") > 0,
            TimeSpan.FromSeconds(120),
            "the first attempt's slot to be in the making:\n" + first.StdErr);
        await first.SignalAsync("STOP");

        using var second = SyncProcess.Start(["migrate", "--source", Source, "--target", Target]);
        await WaitForAsync(
            async () => await SourceDb.ScalarAsync<long>("SELECT count(*) FROM pg_replication_slots WHERE database = current_database() AND active") > 1
                || await SourceDb.ScalarAsync<long>("SELECT count(*) FROM pg_replication_slots WHERE database = current_database() AND active AND NOT temporary") == 0
                || second.HasExited,
            TimeSpan.FromSeconds(120),
            "the second attempt to look at the slot and make its own:\n" + second.StdErr);
        first.Kill();
        await open.Transaction.CommitAsync();
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(120)) == 0, second.StdErr);

        await SourceDb.ExecuteAsync("INSERT INTO public.t VALUES (2000, 'after the copy')");
        var sync = await SyncUntilCaughtUpAsync();
        Assert.True(sync.ExitCode == 0, sync.StdOut + sync.StdErr);
        await AssertSameRowsAsync("public.t");
    }

    /// <summary>
    /// A logical slot is consistent only once every transaction running when it began has ended: a source with a long
    /// transaction in flight keeps the copy waiting for it, past any command timeout, rather than failing it.
    /// </summary>
    [Fact]
    public async Task A_transaction_running_past_the_command_timeout_while_the_slot_is_made_delays_the_copy_and_does_not_fail_it()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t SELECT generate_series(1, 10)");
        await using var open = await OpenWriteAsync("INSERT INTO public.t VALUES (100)");

        // Commands time out after 1 s on this URI; the slot's wait goes on well past that.
        using var migrate = SyncProcess.Start(["migrate", "--source", Source + "?command_timeout=1", "--target", Target]);
        await WaitForAsync(
            async () => migrate.HasExited || await SourceDb.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'walsender' AND now() - query_start > interval '3 seconds'") > 0,
            TimeSpan.FromSeconds(120),
            "the slot to wait past the command timeout:\n" + migrate.StdErr);
        Assert.False(migrate.HasExited, migrate.StdErr);
        await open.Transaction.CommitAsync();

        Assert.True(await migrate.WaitAsync(TimeSpan.FromSeconds(120)) == 0, migrate.StdErr);
        await AssertSameRowsAsync("public.t");
    }

    /// <summary>A write on the source left uncommitted: its transaction holds an xid until the caller commits it.</summary>
    private async Task<OpenWrite> OpenWriteAsync(string sql)
    {
        var connection = await Godwit.Postgres.PgConnectionFactory.OpenAsync(SourceDb.Uri, pooled: false, CancellationToken.None);
        var transaction = await connection.BeginTransactionAsync();
        await using (var write = new Npgsql.NpgsqlCommand(sql, connection, transaction))
        {
            await write.ExecuteNonQueryAsync();
        }

        return new OpenWrite(connection, transaction);
    }

    private sealed record OpenWrite(Npgsql.NpgsqlConnection Connection, Npgsql.NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
