using Godwit.MySql;
using Godwit.Providers.MySql;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Copy;

/// <summary>A source user without RELOAD cannot take FLUSH TABLES WITH READ LOCK: migrate says so and copies lock-free.</summary>
public sealed class LockFreeFallbackTests : CopyTestBase
{
    private readonly string _user = "gw_noreload_" + Guid.NewGuid().ToString("N")[..8];

    public override async Task DisposeAsync()
    {
        await using (var c = await MySqlConnection.OpenAsync(MySqlUriSettings.From(TestServers.MySql), CancellationToken.None))
        {
            await c.ExecuteAsync($"DROP USER IF EXISTS '{_user}'@'%'", CancellationToken.None);
        }

        await base.DisposeAsync();
    }

    private async Task<string> RestrictedSourceAsync()
    {
        await MySql.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO t SELECT seq, CONCAT('v', seq) FROM seq_1_to_2000;");
        await using (var c = await MySqlConnection.OpenAsync(MySqlUriSettings.From(TestServers.MySql), CancellationToken.None))
        {
            await c.ExecuteAsync($"CREATE USER '{_user}'@'%' IDENTIFIED BY 'pw'; GRANT SELECT, SHOW VIEW, BINLOG MONITOR ON *.* TO '{_user}'@'%'", CancellationToken.None);
        }

        var server = TestServers.MySql;
        return $"mysql://{_user}:pw@{server.Host}:{server.Port}/{MySql.Name}";
    }

    [Fact]
    public async Task Without_the_reload_privilege_the_copy_falls_back_to_lock_free_and_says_so()
    {
        var source = await RestrictedSourceAsync();

        var run = await CliRun.InvokeAsync(["migrate", "--source", source, "--target", Target, "--json", "--chunk-rows", "500", "--jobs", "2"]);

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("FLUSH TABLES WITH READ LOCK was refused", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("grant RELOAD", run.StdErr, StringComparison.Ordinal);
        var consistency = Json(run).GetProperty("consistency");
        Assert.Equal("lock-free", consistency.GetProperty("method").GetString());
        Assert.Contains("refused", consistency.GetProperty("warning").GetString(), StringComparison.Ordinal);
        Assert.Equal("lock-free", await PgScalarAsync("SELECT method FROM godwit.cdc_start"));
        Assert.Equal("2000", await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".t"));
        // Each worker's own snapshot position is kept per chunk; CDC starts at or before all of them.
        Assert.Equal("0", await PgScalarAsync(
            "SELECT count(*) FROM godwit.copy_chunks c, godwit.cdc_start s WHERE c.snapshot_pos IS NULL OR (c.snapshot_file = s.binlog_file AND c.snapshot_pos < s.binlog_pos)"));
    }

    [Fact]
    public async Task Consistency_lock_refuses_to_copy_without_the_reload_privilege()
    {
        var source = await RestrictedSourceAsync();

        var run = await CliRun.InvokeAsync(["migrate", "--source", source, "--target", Target, "--consistency", "lock"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("RELOAD", run.StdErr, StringComparison.Ordinal);
    }
}
