namespace Godwit.Cli.Tests.Sync;

/// <summary>ON UPDATE CURRENT_TIMESTAMP emulated by a trigger on the target: it serves the application after cutover, never the stream.</summary>
public sealed class OnUpdateTriggerTests : SyncTestBase
{
    private const string Table = "CREATE TABLE t (id INT PRIMARY KEY, v INT, changed TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3))";

    [Fact]
    public async Task Migrate_with_on_update_triggers_makes_a_trigger_the_stream_does_not_fire()
    {
        await MySql.ExecuteAsync(Table + "; INSERT INTO t (id, v, changed) VALUES (1, 1, '2001-01-01 00:00:00.000')");
        var migrate = await CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target, "--on-update-triggers"]);
        Assert.True(migrate.ExitCode == 0, migrate.StdErr);
        Assert.DoesNotContain("ON UPDATE CURRENT_TIMESTAMP has no PostgreSQL column equivalent", migrate.StdErr, StringComparison.Ordinal);

        // The source's own timestamp arrives as it is: the trigger does not fire for the stream's writes.
        var start = await SourcePositionAsync();
        await MySql.ExecuteAsync("UPDATE t SET v = 2, changed = '2002-02-02 00:00:00.000' WHERE id = 1");
        await SyncOkAsync("--from", start);
        await AssertSameRowsAsync("t", "id, v");
        Assert.Equal([["2002-02-02 00:00:00+00"]], await PgRowsAsync($"SELECT changed::text FROM \"{Schema}\".t"));

        // The application's own update after cutover: the trigger sets the time, as MySQL would.
        await Postgres.ExecuteAsync($"UPDATE \"{Schema}\".t SET v = 3 WHERE id = 1");
        Assert.Equal([["true"]], await PgRowsAsync($"SELECT (changed > '2020-01-01')::text FROM \"{Schema}\".t"));
    }

    [Fact]
    public async Task The_spec_option_on_update_triggers_reaches_tables_created_mid_stream()
    {
        var start = await SetUpAsync("CREATE TABLE keep (id INT PRIMARY KEY)");
        var spec = Path.Combine(Path.GetTempPath(), $"godwit-spec-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(spec, "options:\n  on_update_triggers: true\n");
        try
        {
            await MySql.ExecuteAsync(Table + "; INSERT INTO t (id, v, changed) VALUES (1, 1, '2001-01-01 00:00:00.000')");
            await SyncOkAsync("--from", start, "--spec", spec);
        }
        finally
        {
            File.Delete(spec);
        }

        Assert.Equal([["2001-01-01 00:00:00+00"]], await PgRowsAsync($"SELECT changed::text FROM \"{Schema}\".t"));
        await Postgres.ExecuteAsync($"UPDATE \"{Schema}\".t SET v = 3 WHERE id = 1");
        Assert.Equal([["true"]], await PgRowsAsync($"SELECT (changed > '2020-01-01')::text FROM \"{Schema}\".t"));
    }

    [Fact]
    public async Task Without_the_option_the_advice_names_options_that_exist()
    {
        await MySql.ExecuteAsync(Table);

        var run = await CliRun.InvokeAsync(["schema", "--source", Source, "--dry-run"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--on-update-triggers (schema, migrate, sync) or options.on_update_triggers: true", run.StdOut + run.StdErr, StringComparison.Ordinal);
    }
}
