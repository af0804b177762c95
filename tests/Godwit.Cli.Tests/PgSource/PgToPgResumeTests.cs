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
}
