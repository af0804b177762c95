using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Cutover;
using Godwit.Core.Engines.Cutover;
using Godwit.Postgres.Cutover;
using Godwit.Providers.MySql;
using Godwit.Routing;

namespace Godwit.Cli.Tests.Cutover;

/// <summary>The cutover's gates, steps and abort paths that need no application traffic.</summary>
public sealed class CutoverStepTests : CutoverTestBase
{
    private const string Ddl = """
        CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20) NOT NULL DEFAULT 'x');
        CREATE TABLE notes (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, body TEXT) AUTO_INCREMENT = 5000;
        INSERT INTO items (v) SELECT CONCAT('item ', seq) FROM seq_1_to_500;
        INSERT INTO notes (body) VALUES ('a'), ('b');
        """;

    [Fact]
    public async Task Migrate_follow_with_a_routing_file_says_the_source_is_the_primary_before_any_cutover()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();

        var routing = Routing();
        Assert.Equal(RoutingPrimary.Source, routing.Primary);
        Assert.Equal(1, routing.Version);
        Assert.Null(routing.SwitchedAt);
        Assert.DoesNotContain("godwit@", routing.Source, StringComparison.Ordinal);
        Assert.Contains("****", routing.Source, StringComparison.Ordinal);

        // godwit status sees the stream being applied (its lock), and no longer once the process is gone.
        var live = await CliRun.InvokeAsync(["status", "--target", Target, "--json"]);
        Follow.Kill();
        await WaitForAsync(async () => (await CliRun.InvokeAsync(["status", "--target", Target, "--json"])).StdOut.Contains("\"running\":false", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "status to see the stream stopped");
        Assert.Contains("\"running\":true", live.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dry_run_passes_the_gates_prints_the_plan_and_changes_nothing()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();

        var run = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--dry-run", "--json"]);

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var json = JsonDocument.Parse(run.StdOut);
        Assert.Equal("planned", json.RootElement.GetProperty("result").GetString());
        Assert.Equal("gates", json.RootElement.GetProperty("steps")[0].GetProperty("name").GetString());
        Assert.Contains(json.RootElement.GetProperty("plan").EnumerateArray(), p => p.GetString()!.StartsWith("freeze: SET GLOBAL read_only = ON", StringComparison.Ordinal));
        Assert.False(await SourceReadOnlyAsync());
        Assert.Equal(RoutingPrimary.Source, Routing().Primary);
        Assert.Equal(1, Routing().Version);

        // A verify of one table that found a changed value blocks the cutover (counts alone cannot see it).
        await Postgres.ExecuteAsync($"UPDATE \"{Schema}\".items SET v = 'changed' WHERE id = 5");
        var verify = await CliRun.InvokeAsync(["verify", "--source", Source, "--target", Target, "--tables", "items", "--mode", "rows", "--recheck", "off"]);
        Assert.Equal(ExitCode.Findings, verify.ExitCode);
        var differs = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--dry-run"]);
        Assert.Equal(ExitCode.Aborted, differs.ExitCode);
        Assert.Contains($"the latest verify of {MySql.Name}.items (rows,", differs.StdOut + differs.StdErr, StringComparison.Ordinal);
        await Postgres.ExecuteAsync($"UPDATE \"{Schema}\".items SET v = 'item 5' WHERE id = 5");
        Assert.Equal(ExitCode.Success, (await CliRun.InvokeAsync(["verify", "--source", Source, "--target", Target, "--tables", "items", "--mode", "rows"])).ExitCode);

        // An AUTO_INCREMENT column without an identity on the target would fail the application's first insert there.
        await Postgres.ExecuteAsync($"ALTER TABLE \"{Schema}\".notes ALTER COLUMN id DROP IDENTITY");
        var noIdentity = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--dry-run"]);
        Assert.Equal(ExitCode.Aborted, noIdentity.ExitCode);
        Assert.Contains($"no identity on the target: \"{Schema}\".\"notes\".id", noIdentity.StdOut + noIdentity.StdErr, StringComparison.Ordinal);

        // Without the file the application follows, a switch could not be published: the gates say so.
        File.Delete(RoutingPath);
        var missing = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--dry-run"]);
        Assert.Equal(ExitCode.Aborted, missing.ExitCode);
        Assert.Contains("does not exist", missing.StdOut + missing.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gates_refuse_when_no_stream_is_running_and_the_source_stays_writable()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();
        Follow.Kill();
        await WaitForAsync(
            async () => (await CliRun.InvokeAsync(["status", "--target", Target, "--json"])).StdOut.Contains("\"running\":false", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the stream's lock to go with its process");

        var run = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath]);

        Assert.Equal(ExitCode.Aborted, run.ExitCode);
        Assert.Contains("is not running", run.StdOut + run.StdErr, StringComparison.Ordinal);
        Assert.False(await SourceReadOnlyAsync());
        Assert.Equal(RoutingPrimary.Source, Routing().Primary);
    }

    [Fact]
    public async Task A_cutover_switches_moves_identities_past_the_source_and_leaves_the_source_read_only()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();
        await MySql.ExecuteAsync("INSERT INTO items (v) VALUES ('late'); DELETE FROM items WHERE id = 3");

        var observer = new RecordingObserver();
        var report = await CutOverAsync(Options() with { SequenceGap = 10 }, observer);

        Assert.True(report.Result == CutoverReport.Switched, report.AbortReason);
        Assert.Equal(0, await Follow.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("stops: the target is the primary now", Follow.StdErr, StringComparison.Ordinal);
        Assert.Equal([.. CutoverStep.All], observer.Steps.Select(s => s.Name));
        Assert.All(observer.Steps, s => Assert.Equal(CutoverStepResult.Ok, s.Status));
        Assert.True(report.FreezeMs > 0, $"freeze_ms {report.FreezeMs}");
        Assert.True(await SourceReadOnlyAsync());
        var routing = Routing();
        Assert.Equal(RoutingPrimary.Target, routing.Primary);
        Assert.Equal(2, routing.Version);
        Assert.NotNull(routing.SwitchedAt);
        await AssertSameRowsAsync("items");

        // The next key on the target follows both the source's highest key and its AUTO_INCREMENT (which bulk
        // inserts leave ahead of the highest key), plus the gap: no key the source handed out is reused.
        foreach (var table in new[] { "items", "notes" })
        {
            var source = (await MySqlRowsAsync(
                $"SELECT (SELECT MAX(id) FROM `{table}`), AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}'")).Single();
            var expected = Math.Max(long.Parse(source[0]!, System.Globalization.CultureInfo.InvariantCulture) + 1, long.Parse(source[1]!, System.Globalization.CultureInfo.InvariantCulture)) + 10;
            var next = await PgScalarAsync($"INSERT INTO \"{Schema}\".{table} DEFAULT VALUES RETURNING id");
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), next);
        }
    }

    [Fact]
    public async Task Migrate_restart_after_a_cutover_is_refused_unless_the_cutover_is_discarded_explicitly()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();
        Assert.Equal(CutoverReport.Switched, (await CutOverAsync(Options())).Result);
        Follow.Kill();
        await MySql.ExecuteAsync("SET GLOBAL read_only = OFF");

        var refused = await CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target, "--restart", "--if-exists", "drop"]);
        var again = await CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target, "--restart", "--if-exists", "drop", "--discard-cutover"]);

        Assert.Equal(ExitCode.Error, refused.ExitCode);
        Assert.Contains("--discard-cutover", refused.StdErr, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.StdErr);
        // Discarded, not deleted: the versions it handed out stay on record.
        Assert.Equal("discarded", await PgScalarAsync($"SELECT string_agg(DISTINCT result, ',') FROM godwit.cutovers WHERE target_schema = '{Schema}'"));
    }

    [Fact]
    public async Task A_write_still_running_after_the_grace_period_is_killed_and_never_reaches_the_target()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();
        await using var app = await Godwit.MySql.MySqlConnection.OpenAsync(Godwit.Providers.MySql.MySqlUriSettings.From(AppSource), CancellationToken.None);
        var slow = app.ExecuteAsync("UPDATE items SET v = IF(SLEEP(60) = 0, 'slow write', 'interrupted') WHERE id = 1", CancellationToken.None);
        await WaitForAsync(
            async () => (await MySqlRowsAsync($"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '{AppUser}' AND INFO LIKE 'UPDATE items%'")).Single()[0] == "1",
            TimeSpan.FromSeconds(10),
            "the slow write to start");

        var report = await CutOverAsync(Options());

        Assert.True(report.Result == CutoverReport.Switched, report.AbortReason);
        Assert.Contains("1 connections killed after the grace period", report.Steps.Single(s => s.Name == CutoverStep.Freeze).Detail, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => slow);
        Assert.Equal("item 1", await PgScalarAsync($"SELECT v FROM \"{Schema}\".items WHERE id = 1"));
        Assert.Equal("item 1", (await MySqlRowsAsync("SELECT v FROM items WHERE id = 1")).Single()[0]);
    }

    [Fact]
    public async Task A_switch_command_that_fails_is_run_again_for_the_source_and_the_source_is_writable_again()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();
        var marker = Path.Combine(Directory, "switches.log");
        var command = $"echo \"$GODWIT_PRIMARY $GODWIT_ROUTING_VERSION\" >> '{marker}'; [ \"$GODWIT_PRIMARY\" = source ]";

        var report = await CutOverAsync(Options(switchCommand: command));

        Assert.Equal(CutoverReport.Aborted, report.Result);
        Assert.Contains("--switch-command (GODWIT_PRIMARY=target) exited with 1", report.AbortReason, StringComparison.Ordinal);
        Assert.Equal(["target 2", "source 3"], await File.ReadAllLinesAsync(marker));
        Assert.False(await SourceReadOnlyAsync());
        Assert.True(report.SourceWritable);
        Assert.Equal(RoutingPrimary.Source, Routing().Primary);
        Assert.Equal(1, Routing().Version);
        await MySql.ExecuteAsync("INSERT INTO items (v) VALUES ('still writable')");

        // The next cutover's version is past every version handed out, the undo's included.
        var second = await CutOverAsync(Options());
        Assert.True(second.Result == CutoverReport.Switched, second.AbortReason);
        Assert.Equal(4, Routing().Version);
    }

    [Fact]
    public async Task A_switch_command_that_cannot_be_undone_leaves_the_source_frozen_and_says_so()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();

        var report = await CutOverAsync(Options(switchCommand: "exit 9"));
        var abort = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--abort"]);

        // The application may already be on the target: a writable source would make two primaries.
        Assert.Equal(CutoverReport.Aborted, report.Result);
        Assert.False(report.SourceWritable);
        Assert.True(await SourceReadOnlyAsync());
        Assert.Contains(report.Warnings, w => w.Contains("the switch command back to the source failed", StringComparison.Ordinal));
        Assert.Equal(ExitCode.Error, abort.ExitCode);
        Assert.Contains("stopped inside its switch step", abort.StdErr, StringComparison.Ordinal);
        Assert.True(await SourceReadOnlyAsync());
    }

    [Fact]
    public async Task A_cutover_killed_inside_its_switch_step_leaves_no_orphan_and_abort_undoes_the_switch()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();
        var started = Path.Combine(Directory, "switch-started");
        var undone = Path.Combine(Directory, "switch-undone");
        var sleep = $"sleep 3600.{Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture)}";
        var command = $"if [ \"$GODWIT_PRIMARY\" = target ]; then touch '{started}'; exec {sleep}; else echo \"$GODWIT_PRIMARY $GODWIT_ROUTING_VERSION\" > '{undone}'; fi";
        using (var cutover = Sync.SyncProcess.Start(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--switch-command", command, "--max-lag", "5s"]))
        {
            await WaitForAsync(() => Task.FromResult(File.Exists(started)), TimeSpan.FromSeconds(120), "the switch command to start");
            await cutover.SignalAsync("KILL");
            await cutover.WaitAsync(TimeSpan.FromMinutes(1));
        }

        // The switch command does not outlive godwit, and the routing file still says source.
        await WaitForAsync(() => Task.FromResult(!Running(sleep)), TimeSpan.FromSeconds(60), "the orphaned switch command to end");
        Assert.Equal((RoutingPrimary.Source, 1L), (Routing().Primary, Routing().Version));
        Assert.NotEmpty(System.IO.Directory.GetFiles(Directory, ".routing.json.*.tmp"));
        Assert.True(await SourceReadOnlyAsync());

        var withoutCommand = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--abort"]);
        Assert.Equal(ExitCode.Error, withoutCommand.ExitCode);
        Assert.Contains("give the same --switch-command", withoutCommand.StdErr, StringComparison.Ordinal);
        Assert.True(await SourceReadOnlyAsync());

        var repair = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--switch-command", command, "--abort"]);

        Assert.True(repair.ExitCode == 0, repair.StdErr);
        Assert.Equal("source 3", File.ReadAllText(undone).Trim());
        Assert.False(await SourceReadOnlyAsync());
        Assert.Empty(System.IO.Directory.GetFiles(Directory, ".routing.json.*.tmp"));
        Assert.Equal((RoutingPrimary.Source, 1L), (Routing().Primary, Routing().Version));
        Assert.Equal("aborted", await PgScalarAsync("SELECT result FROM godwit.cutovers ORDER BY id DESC LIMIT 1"));
    }

    /// <summary>Whether a process whose command line contains <paramref name="text"/> is running.</summary>
    private static bool Running(string text) =>
        System.IO.Directory.EnumerateDirectories("/proc").Any(d =>
        {
            try
            {
                return int.TryParse(Path.GetFileName(d), out _) && File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ').Contains(text, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    [Fact]
    public async Task Cutover_abort_makes_a_source_left_frozen_by_a_killed_cutover_writable_again()
    {
        await MySql.ExecuteAsync(Ddl);
        await StartFollowAsync();
        var id = await PgCutoverStore.BeginAsync(Postgres.Uri, Schema, MySql.Name, Schema, CancellationToken.None);
        await PgCutoverStore.StepAsync(Postgres.Uri, id, CutoverStep.Drain, true, "mariadb-bin.000001:4", null, CancellationToken.None);
        await MySql.ExecuteAsync("SET GLOBAL read_only = ON");

        var refused = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target]);
        var abort = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--abort"]);

        Assert.Equal(ExitCode.Aborted, refused.ExitCode);
        Assert.Contains("read-only already", refused.StdOut + refused.StdErr, StringComparison.Ordinal);
        Assert.True(abort.ExitCode == 0, abort.StdErr);
        Assert.False(await SourceReadOnlyAsync());
        Assert.Equal("aborted", await PgScalarAsync($"SELECT result FROM godwit.cutovers WHERE id = {id}"));
    }
}
