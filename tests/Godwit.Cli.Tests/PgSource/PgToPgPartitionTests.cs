using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary>
/// A partitioned table is published by its root, so a partition attached on the source after the migration started
/// is streamed from its first row: into the same partition on the target, or through the target's root into
/// whichever partition takes the row there.
/// </summary>
public sealed class PgToPgPartitionTests : PgSourceTestBase
{
    private const string Schema = """
        CREATE TABLE public.events (id int, at date NOT NULL, what text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
        CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
        INSERT INTO public.events SELECT g, DATE '2025-01-01' + g, 'e' || g FROM generate_series(1, 600) g;
        """;

    private const string NewPartitions = """
        CREATE TABLE public.events_2027 PARTITION OF public.events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
        CREATE TABLE public.events_2028 PARTITION OF public.events FOR VALUES FROM ('2028-01-01') TO ('2029-01-01');
        INSERT INTO public.events SELECT g, DATE '2027-01-01' + g % 700, 'new ' || g FROM generate_series(1000, 1300) g;
        UPDATE public.events SET what = 'moved on', at = DATE '2028-06-01' WHERE id BETWEEN 1 AND 5;
        DELETE FROM public.events WHERE id BETWEEN 1200 AND 1210;
        """;

    [Fact]
    public async Task Rows_of_partitions_attached_after_the_migration_started_reach_the_target_through_its_own_layout()
    {
        await SourceDb.ExecuteAsync(Schema);
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        // The target's layout differs: one partition for 2027 onwards, under another name; 2027 and 2028 land there.
        await TargetDb.ExecuteAsync("CREATE TABLE public.events_later PARTITION OF public.events FOR VALUES FROM ('2027-01-01') TO ('2030-01-01')");
        await SourceDb.ExecuteAsync(NewPartitions);
        var sync = await SyncUntilCaughtUpAsync();

        Assert.True(sync.ExitCode == 0, sync.StdErr);
        await AssertSameRowsAsync("public.events");
        Assert.Equal(
            await SourceDb.ScalarAsync<long>("SELECT count(*) FROM public.events WHERE at >= DATE '2027-01-01'"),
            await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.events_later"));
    }

    [Fact]
    public async Task Rows_of_a_partition_the_target_has_under_the_same_name_go_into_it()
    {
        await SourceDb.ExecuteAsync(Schema);
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        await TargetDb.ExecuteAsync("""
            CREATE TABLE public.events_2027 PARTITION OF public.events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
            CREATE TABLE public.events_2028 PARTITION OF public.events FOR VALUES FROM ('2028-01-01') TO ('2029-01-01');
            """);
        await SourceDb.ExecuteAsync(NewPartitions);
        await SourceDb.ExecuteAsync("TRUNCATE public.events_2028");
        var sync = await SyncUntilCaughtUpAsync();

        Assert.True(sync.ExitCode == 0, sync.StdErr);
        await AssertSameRowsAsync("public.events");
        Assert.Equal(0L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.events_2028"));
        Assert.True(await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.events_2027") > 0);
    }

    [Fact]
    public async Task A_row_no_partition_of_the_target_takes_and_a_truncate_of_a_partition_it_lacks_stop_the_stream_naming_the_table()
    {
        await SourceDb.ExecuteAsync(Schema);
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        await SourceDb.ExecuteAsync("CREATE TABLE public.events_2027 PARTITION OF public.events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')");
        await SourceDb.ExecuteAsync("INSERT INTO public.events VALUES (5000, DATE '2027-05-05', 'nowhere')");
        var refused = await SyncUntilCaughtUpAsync();

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("events", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("5000", refused.StdErr, StringComparison.Ordinal);

        await TargetDb.ExecuteAsync("CREATE TABLE public.events_other PARTITION OF public.events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')");
        var routed = await SyncUntilCaughtUpAsync();
        Assert.True(routed.ExitCode == 0, routed.StdErr);
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.events_other"));

        await SourceDb.ExecuteAsync("TRUNCATE public.events_2027");
        var truncate = await SyncUntilCaughtUpAsync();

        Assert.NotEqual(0, truncate.ExitCode);
        Assert.Contains("TRUNCATE of public.events_2027, a partition the target lacks", truncate.StdErr, StringComparison.Ordinal);
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.events_other"));
    }
}
