using System.Text.RegularExpressions;
using Godwit.Cli.Tests.Sync;
using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary>
/// DDL on a PostgreSQL source with Godwit's event trigger installed (<c>assess --fix --ddl-trigger</c>): the stream
/// meets each command at its position, runs the allowed kinds on the target under <c>--on-ddl apply</c>, and stops
/// right before it under <c>stop</c> (or for kinds it does not run). Without the trigger the stream stops at the
/// changed table's first row instead (PgToPgStreamTests).
/// </summary>
public sealed partial class PgSourceDdlTriggerTests : PgSourceTestBase
{
    [Fact]
    public async Task With_the_DDL_trigger_and_on_ddl_apply_a_column_added_and_a_table_created_during_the_stream_arrive_on_the_target_with_the_writes_that_use_them()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id int PRIMARY KEY, a text); INSERT INTO public.t VALUES (1, 'a')");
        await InstallTriggerAsync();

        // The migration of one schema named in the URI: DDL in any other schema is not the migration's.
        var source = Source + "?schema=public";
        var copy = await GodwitAsync("migrate", "--source", source, "--target", Target);
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        // One command per query, as an application's migration tool sends them.
        await SourceDb.ExecuteAsync("INSERT INTO public.t VALUES (2, 'before')");
        await SourceDb.ExecuteAsync("ALTER TABLE t ADD COLUMN extra numeric(10,2) DEFAULT 1.25");
        await SourceDb.ExecuteAsync("INSERT INTO public.t VALUES (3, 'after', 4.50)");
        await SourceDb.ExecuteAsync("UPDATE public.t SET extra = 9.75 WHERE id = 1");
        await SourceDb.ExecuteAsync("CREATE INDEX t_extra ON public.t (extra)");
        await SourceDb.ExecuteAsync("CREATE TABLE public.added (id bigserial PRIMARY KEY, note text NOT NULL)");
        await SourceDb.ExecuteAsync("INSERT INTO public.added (note) VALUES ('first'), ('second')");

        // Another schema's DDL is not the migration's: passed over, inside a transaction that also writes a migrated table.
        await SourceDb.ExecuteAsync("CREATE SCHEMA other");
        await SourceDb.ExecuteAsync("BEGIN; INSERT INTO public.t VALUES (4, 'around'); DROP TABLE IF EXISTS other.nothing; CREATE TABLE other.elsewhere (id int); COMMIT");

        var sync = await GodwitAsync("sync", "--source", source, "--target", Target, "--until-caught-up", "--on-ddl", "apply");

        Assert.True(sync.ExitCode == 0, sync.StdOut + sync.StdErr);
        Assert.Contains("applied DDL at", sync.StdErr, StringComparison.Ordinal);
        await AssertSameRowsAsync("public.t");
        await AssertSameRowsAsync("public.added");
        Assert.Equal("numeric(10,2)", await TargetDb.ScalarAsync<string>("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attname = 'extra'"));
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname = 't_extra'"));
    }

    [Fact]
    public async Task With_the_DDL_trigger_a_dropped_table_stops_the_stream_under_on_ddl_stop_right_before_the_drop_and_from_the_position_it_names_the_stream_goes_on_after_it()
    {
        await SourceDb.ExecuteAsync("""
            CREATE TABLE public.t (id int PRIMARY KEY);
            CREATE TABLE public.gone (id int PRIMARY KEY);
            INSERT INTO public.t VALUES (1);
            """);
        await InstallTriggerAsync();
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);
        await SourceDb.ExecuteAsync("INSERT INTO public.t VALUES (2)");
        await SourceDb.ExecuteAsync("INSERT INTO public.gone VALUES (20)");
        await SourceDb.ExecuteAsync("DROP TABLE public.gone");
        await SourceDb.ExecuteAsync("INSERT INTO public.t VALUES (3)");

        var stopped = await SyncUntilCaughtUpAsync("--on-ddl", "stop");

        Assert.True(stopped.ExitCode != 0, stopped.StdOut + stopped.StdErr);
        Assert.Contains("DROP TABLE public.gone", stopped.StdErr, StringComparison.Ordinal);
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.gone WHERE id = 20"));
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.t WHERE id = 2"));
        Assert.Equal(0L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.t WHERE id = 3"));

        // The operator does what the message says: the same change on the target, then on from the position it names.
        var from = FromPosition().Match(stopped.StdErr);
        Assert.True(from.Success, stopped.StdErr);
        await TargetDb.ExecuteAsync("DROP TABLE public.gone");
        var resumed = await SyncUntilCaughtUpAsync("--on-ddl", "stop", "--from", from.Groups[1].Value);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        await AssertSameRowsAsync("public.t");
    }

    [Fact]
    public async Task With_on_ddl_apply_a_command_it_does_not_run_still_stops_the_stream_and_the_trigger_is_removed_on_request_saying_what_went()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id int PRIMARY KEY, a text); INSERT INTO public.t VALUES (1, 'a')");
        await InstallTriggerAsync();

        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);
        await SourceDb.ExecuteAsync("ALTER TABLE public.t ADD CONSTRAINT a_set CHECK (a IS NOT NULL)");

        var stopped = await SyncUntilCaughtUpAsync("--on-ddl", "apply");

        Assert.True(stopped.ExitCode != 0, stopped.StdOut + stopped.StdErr);
        Assert.Contains("not ALTER TABLE … ADD CONSTRAINT a_set", stopped.StdErr, StringComparison.Ordinal);

        var removed = await GodwitAsync("assess", "--source", Source, "--remove-ddl-trigger");
        Assert.Contains("removed event trigger godwit_ddl_command_end, event trigger godwit_ddl_sql_drop, table godwit.source_ddl", removed.StdErr, StringComparison.Ordinal);
        Assert.Equal(0L, await SourceDb.ScalarAsync<long>("SELECT count(*) FROM pg_event_trigger"));
    }

    [Fact]
    public async Task A_schema_made_on_the_source_while_a_migration_of_every_schema_streams_is_made_on_the_target_and_its_tables_rows_follow()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t VALUES (1)");
        await InstallTriggerAsync();
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        // The stream runs from before the schema exists: it learns of it from the CREATE SCHEMA in the stream.
        using (var stream = SyncProcess.Start(["sync", "--source", Source, "--target", Target, "--on-ddl", "apply"]))
        {
            await SourceDb.ExecuteAsync("CREATE SCHEMA tenant_7");
            await SourceDb.ExecuteAsync("CREATE TABLE tenant_7.invoices (id int PRIMARY KEY, total numeric(10,2) NOT NULL)");
            await SourceDb.ExecuteAsync("INSERT INTO tenant_7.invoices VALUES (1, 10.50), (2, 20.25); INSERT INTO public.t VALUES (2)");
            await WaitForAsync(
                async () => await TargetDb.ScalarAsync<string?>("SELECT to_regclass('tenant_7.invoices')::text") is not null
                    && await TargetDb.ScalarAsync<long>("SELECT count(*) FROM tenant_7.invoices") == 2,
                TimeSpan.FromSeconds(60),
                "the new schema's table and rows on the target:\n" + stream.StdErr);
        }

        // A restarted stream (which sees the schema among every schema from its start) goes on with it.
        await SourceDb.ExecuteAsync("CREATE SCHEMA tenant_8");
        await SourceDb.ExecuteAsync("CREATE TABLE tenant_8.invoices (id int PRIMARY KEY, total numeric(10,2) NOT NULL)");
        await SourceDb.ExecuteAsync("INSERT INTO tenant_8.invoices VALUES (1, 1.00); UPDATE tenant_7.invoices SET total = 99.99 WHERE id = 1; INSERT INTO public.t VALUES (3)");
        var sync = await SyncUntilCaughtUpAsync("--on-ddl", "apply");
        Assert.True(sync.ExitCode == 0, sync.StdOut + sync.StdErr);
        await AssertSameRowsAsync("public.t");
        await AssertSameRowsAsync("tenant_7.invoices");
        await AssertSameRowsAsync("tenant_8.invoices");
    }

    [Fact]
    public async Task A_schema_made_on_the_source_is_not_moved_by_a_migration_of_named_schemas()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t VALUES (1)");
        await InstallTriggerAsync();
        var source = Source + "?schema=public";
        var copy = await GodwitAsync("migrate", "--source", source, "--target", Target);
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        await SourceDb.ExecuteAsync("CREATE SCHEMA elsewhere");
        await SourceDb.ExecuteAsync("CREATE TABLE elsewhere.t (id int PRIMARY KEY)");
        await SourceDb.ExecuteAsync("INSERT INTO elsewhere.t VALUES (1); INSERT INTO public.t VALUES (2)");
        var sync = await GodwitAsync("sync", "--source", source, "--target", Target, "--until-caught-up", "--on-ddl", "apply");

        Assert.True(sync.ExitCode == 0, sync.StdOut + sync.StdErr);
        await AssertSameRowsAsync("public.t");
        Assert.Null(await TargetDb.ScalarAsync<string?>("SELECT to_regnamespace('elsewhere')::text"));
    }

    private async Task InstallTriggerAsync()
    {
        var fix = await GodwitAsync("assess", "--source", Source, "--fix", "--ddl-trigger");
        Assert.Contains("DDL trigger: installed", fix.StdErr, StringComparison.Ordinal);
        Assert.Equal(2L, await SourceDb.ScalarAsync<long>("SELECT count(*) FROM pg_event_trigger WHERE evtname LIKE 'godwit%'"));
    }

    [GeneratedRegex(@"--from (\S+) to continue")]
    private static partial Regex FromPosition();
}
