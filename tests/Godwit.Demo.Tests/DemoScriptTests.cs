using System.Text.Json;
using Godwit.Providers.MySql;
using Godwit.Testing;

namespace Godwit.Demo.Tests;

/// <summary>
/// <c>make demo</c> at a small scale, end to end, as CI runs it: the whole migration under the app's traffic, the
/// cutover included, must end with a clean verify and not one failed app write; <c>scripts/demo.sh clean</c> then
/// removes what it made. No password may show, in its output or on the command line of anything it runs.
/// </summary>
public sealed class DemoScriptTests : IAsyncLifetime
{
    private readonly string _database = ScratchName.New();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "godwit-demo-test-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _appPassword = Guid.NewGuid().ToString("N");
    private PgScratchDatabase? _target;
    private SourceFreezeLock? _freezeLock;

    public async Task InitializeAsync()
    {
        // The demo's cutover sets the shared MariaDB read-only: never at the same time as a cutover test's.
        _freezeLock = await SourceFreezeLock.AcquireAsync();
        _target = await PgScratchDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        if (_freezeLock is not null)
        {
            await _freezeLock.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_demo_migrates_under_traffic_and_rolls_back_with_a_clean_verify_and_no_failed_write_then_cleans_up()
    {
        var environment = new Dictionary<string, string>
        {
            ["DEMO_SCALE"] = "0.1",
            ["DEMO_SECONDS"] = "4",
            ["DEMO_RATE"] = "20",
            ["DEMO_DB"] = _database,
            ["DEMO_DIR"] = _directory,
            ["DEMO_TARGET"] = _target!.Uri.ToUnmaskedString(),
            ["DEMO_APP_PASSWORD"] = _appPassword,
        };
        var (demo, summary, watch) = await RunDemoAsync(environment, [_appPassword, TestServers.MySql.Password, _target.Uri.Password]);

        Assert.True(demo.Code == 0, $"the demo exited {demo.Code}:\n{demo.StdOut}\n{demo.StdErr}");
        Assert.Contains("== 5. Summary", demo.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("PROBLEM", demo.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(":godwit@", demo.StdOut + demo.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(_appPassword, demo.StdOut + demo.StdErr, StringComparison.Ordinal);

        // The samples reached the long-running programs (the stream, the app), and none of them had a password on its command line.
        Assert.Contains(watch.Seen, l => l.Contains(" migrate --source ", StringComparison.Ordinal) && l.Contains(" --follow ", StringComparison.Ordinal));
        Assert.Contains(watch.Seen, l => l.Contains("godwit-demo.dll traffic ", StringComparison.Ordinal));
        Assert.True(watch.Leaks.Count == 0, $"passwords on command lines ({watch.Samples} samples):\n" + string.Join("\n", watch.Leaks));
        Assert.NotNull(summary);
        using (var json = JsonDocument.Parse(summary))
        {
            var root = json.RootElement;
            AssertSwitchedCleanly(root, summary);
            Assert.InRange(root.GetProperty("freeze_ms").GetInt64(), 0, 5000);
            Assert.True(root.GetProperty("ok").GetBoolean(), summary);
        }

        Assert.False(Directory.Exists(_directory), "demo clean left DEMO_DIR behind");
        await AssertGoneAsync();
    }

    [Fact]
    public async Task From_a_PostgreSQL_source_the_demo_migrates_under_traffic_and_rolls_back_with_a_clean_verify_and_no_failed_write_then_cleans_up()
    {
        var environment = new Dictionary<string, string>
        {
            ["DEMO_SOURCE"] = "postgres",
            ["DEMO_SCALE"] = "0.1",
            ["DEMO_SECONDS"] = "4",
            ["DEMO_RATE"] = "20",
            ["DEMO_DB"] = _database,
            ["DEMO_DIR"] = _directory,
            ["DEMO_APP_PASSWORD"] = _appPassword,
        };
        var (demo, summary, watch) = await RunDemoAsync(environment, [_appPassword, TestServers.Postgres.Password]);

        Assert.True(demo.Code == 0, $"the demo exited {demo.Code}:\n{demo.StdOut}\n{demo.StdErr}");
        Assert.Contains(" blocker(s), ", demo.StdOut + demo.StdErr, StringComparison.Ordinal);
        Assert.Contains("on the PostgreSQL source", demo.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("PROBLEM", demo.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(":godwit@", demo.StdOut + demo.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(_appPassword, demo.StdOut + demo.StdErr, StringComparison.Ordinal);
        Assert.Contains(watch.Seen, l => l.Contains(" migrate --source postgresql://", StringComparison.Ordinal) && l.Contains(" --follow ", StringComparison.Ordinal));
        Assert.Contains(watch.Seen, l => l.Contains("godwit-demo.dll traffic ", StringComparison.Ordinal) && l.Contains("--source postgresql://", StringComparison.Ordinal));
        Assert.True(watch.Leaks.Count == 0, $"passwords on command lines ({watch.Samples} samples):\n" + string.Join("\n", watch.Leaks));
        Assert.NotNull(summary);
        using (var json = JsonDocument.Parse(summary))
        {
            var root = json.RootElement;
            AssertSwitchedCleanly(root, summary);
            Assert.True(root.GetProperty("ok").GetBoolean(), summary);
        }

        // clean: both databases (their slots first), the app's and the migration's roles, DEMO_DIR.
        Assert.False(Directory.Exists(_directory), "demo clean left DEMO_DIR behind");
        await using var server = await Godwit.Postgres.PgConnectionFactory.OpenAsync(TestServers.Postgres, CancellationToken.None);
        await using var left = new Npgsql.NpgsqlCommand(
            "SELECT (SELECT count(*) FROM pg_database WHERE datname IN ($1 || '_src', $1 || '_tgt')) + (SELECT count(*) FROM pg_roles WHERE rolname IN ($1 || '_app', $1 || '_mig')) + (SELECT count(*) FROM pg_replication_slots WHERE database LIKE $1 || '%')",
            server);
        left.Parameters.Add(new Npgsql.NpgsqlParameter { Value = _database });
        Assert.Equal(0L, (long)(await left.ExecuteScalarAsync())!);
    }

    private async Task AssertGoneAsync()
    {
        await using var mysql = await Godwit.MySql.MySqlConnection.OpenAsync(
            Godwit.Providers.MySql.MySqlUriSettings.From(TestServers.MySql.WithDatabase(null)), CancellationToken.None);
        Assert.Equal(0L, await mysql.ScalarAsync<long>($"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{_database}'", CancellationToken.None));
        Assert.Equal(0L, await mysql.ScalarAsync<long>($"SELECT COUNT(*) FROM mysql.user WHERE User = '{_database}_app'", CancellationToken.None));
        Assert.Equal(0L, await _target!.ScalarAsync<long>($"SELECT count(*) FROM information_schema.schemata WHERE schema_name = '{_database}'"));
        // The rollback round trip's reverse stream read the target through a slot of its own: a slot left behind keeps WAL.
        Assert.Equal(0L, await _target.ScalarAsync<long>("SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"));
        Assert.Equal(0L, await _target.ScalarAsync<long>("SELECT count(*) FROM pg_publication"));
    }

    /// <summary>Runs scripts/demo.sh, watching every command line for the secrets, then `demo.sh clean` whatever happened.</summary>
    private async Task<((int Code, string StdOut, string StdErr) Demo, string? Summary, CommandLineWatch Watch)> RunDemoAsync(
        Dictionary<string, string> environment, string?[] secrets)
    {
        try
        {
            using var run = ProcessRun.Start("scripts/demo.sh", [], environment);
            var watch = new CommandLineWatch(run.Id, secrets);
            var exit = run.WaitAsync(TimeSpan.FromMinutes(10));
            while (!exit.IsCompleted)
            {
                watch.Sample();
                await Task.WhenAny(exit, Task.Delay(250));
            }

            var demo = (await exit, run.StdOut, run.StdErr);
            var file = Path.Combine(_directory, "summary.json");
            return (demo, File.Exists(file) ? await File.ReadAllTextAsync(file) : null, watch);
        }
        finally
        {
            var clean = await ProcessRun.RunAsync("scripts/demo.sh", ["clean"], TimeSpan.FromMinutes(2), environment);
            Assert.True(clean.Code == 0, $"demo clean exited {clean.Code}:\n{clean.StdErr}");
        }
    }

    /// <summary>What every demo's summary must say: switched and back, verified clean, no failed write, writes on both sides, the rows copied.</summary>
    private static void AssertSwitchedCleanly(JsonElement root, string summary)
    {
        Assert.Equal(0, root.GetProperty("app_writes_failed").GetInt64());
        Assert.Equal("clean", root.GetProperty("verify").GetString());
        Assert.Equal("switched", root.GetProperty("cutover_result").GetString());
        // DEMO_ROLLBACK is on by default: the round trip back to the source, held to the ledger on both databases.
        Assert.Equal("switched", root.GetProperty("rollback_result").GetString());
        Assert.True(root.GetProperty("app_writes_on_source").GetInt64() > 0 && root.GetProperty("app_writes_on_target").GetInt64() > 0, summary);
        Assert.True(root.GetProperty("rows_copied").GetInt64() > 5000, summary);
    }
}
