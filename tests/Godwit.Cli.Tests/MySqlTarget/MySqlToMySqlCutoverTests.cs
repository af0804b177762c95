using Godwit.Cli.Tests.Sync;
using Godwit.MySql;
using Godwit.Providers.MySql;
using Godwit.Routing;
using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.MySqlTarget;

/// <summary>
/// A MySQL → MySQL cutover and rollback between two servers of the test's own (each switch freezes a whole server
/// with read_only, which the shared testbed must never be), with the application's DML-only account: one
/// <c>migrate --follow</c> follows the application there and back.
/// </summary>
public sealed class MySqlToMySqlCutoverTests : IAsyncLifetime
{
    // Ports of this test's own: the private servers never collide with the shared testbed (3307) or other tests.
    private const int SourcePort = 3332;
    private const int TargetPort = 3333;
    private const string AppPassword = "app-secret-4821";

    private readonly string _directory = Directory.CreateTempSubdirectory("godwit-m2m-cutover-").FullName;
    private PrivateServer? _source;
    private PrivateServer? _target;

    private string RoutingPath => Path.Combine(_directory, "routing.json");

    private string Source => _source!.Uri.WithDatabase("shop").ToUnmaskedString();

    private string Target => _target!.Uri.ToUnmaskedString();

    public async Task InitializeAsync()
    {
        _source = await PrivateServer.MariaDbAsync(SourcePort);
        _target = await PrivateServer.MariaDbAsync(TargetPort);
        await ExecuteAsync(_source, $"""
            CREATE DATABASE shop;
            CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(40) NOT NULL, qty SMALLINT NOT NULL);
            INSERT INTO shop.orders (item, qty) VALUES ('seed 1', 1), ('seed 2', 2), ('seed 3', 3);
            CREATE USER app IDENTIFIED BY '{AppPassword}';
            GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO app;
            """);
        await ExecuteAsync(_target, $"CREATE USER app IDENTIFIED BY '{AppPassword}'; GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO app;");
    }

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        if (_source is not null)
        {
            await _source.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_mysql_to_mysql_cutover_and_rollback_move_the_application_both_ways_with_every_write_on_both_servers()
    {
        using var follow = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--follow", "--routing-file", RoutingPath]);
        await Waiting.UntilAsync(
            async () => follow.HasExited || await StreamRunningAsync(),
            TimeSpan.FromSeconds(120),
            "the copy to finish and the stream to run:\n" + follow.StdErr);
        Assert.False(follow.HasExited, follow.StdErr);
        await AppAsync(_source!, "INSERT INTO orders (item, qty) VALUES ('before the cutover', 4)");

        var cutover = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--max-lag", "10s", "--grace", "1s"]);
        Assert.True(cutover.ExitCode == 0, cutover.StdOut + cutover.StdErr + follow.StdErr);
        Assert.Equal(RoutingPrimary.Target, RoutingFile.Read(RoutingPath)!.Primary);
        var refused = await Assert.ThrowsAsync<MySqlException>(() => AppAsync(_source!, "INSERT INTO orders (item, qty) VALUES ('too late', 5)"));
        Assert.Equal(1290, refused.ErrorCode); // ER_OPTION_PREVENTS_STATEMENT: the old source is read-only for the app.

        // The identities moved past the source's: the next key on the target is new on both servers.
        await AppAsync(_target!, "INSERT INTO orders (item, qty) VALUES ('on the new primary', 6); UPDATE orders SET qty = 60 WHERE id = 1; DELETE FROM orders WHERE id = 2");
        await Waiting.UntilAsync(
            async () => await CountAsync(_source!, "item = 'on the new primary' OR qty = 60") == 2 && await CountAsync(_source!, "id = 2") == 0,
            TimeSpan.FromSeconds(60),
            "the follower to turn around and apply the new primary's writes to the old source:\n" + follow.StdErr);

        var rollback = await CliRun.InvokeAsync(["rollback", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--max-lag", "10s", "--grace", "1s"]);
        Assert.True(rollback.ExitCode == 0, rollback.StdOut + rollback.StdErr + follow.StdErr);
        Assert.Equal(RoutingPrimary.Source, RoutingFile.Read(RoutingPath)!.Primary);
        await Assert.ThrowsAsync<MySqlException>(() => AppAsync(_target!, "INSERT INTO orders (item, qty) VALUES ('too late there', 7)"));
        await AppAsync(_source!, "INSERT INTO orders (item, qty) VALUES ('back on the source', 8)");
        await Waiting.UntilAsync(
            async () => await CountAsync(_target!, "item = 'back on the source'") == 1,
            TimeSpan.FromSeconds(60),
            "the follower to turn forward again:\n" + follow.StdErr);

        var verify = await CliRun.InvokeAsync(["verify", "--source", Source, "--target", Target, "--mode", "rows"]);
        Assert.True(verify.ExitCode == 0, verify.StdOut + verify.StdErr);
        Assert.Equal(
            await RowsAsync(_source!, "SELECT id, item, qty FROM shop.orders ORDER BY id"),
            await RowsAsync(_target!, "SELECT id, item, qty FROM shop.orders ORDER BY id"));
        Assert.Equal(3 + 1 + 1 - 1 + 1, await CountAsync(_source!, "TRUE"));
        Assert.False(follow.HasExited, follow.StdErr);
    }

    [Fact]
    public async Task A_cutover_between_two_databases_of_one_mysql_server_is_refused_before_anything_is_frozen()
    {
        var run = await CliRun.InvokeAsync(["cutover", "--source", Source, "--target", _source!.Uri.ToUnmaskedString(), "--target-schema", "shop_copy", "--routing-file", RoutingPath]);

        Assert.Equal(ExitCode.Error, run.ExitCode);
        Assert.Contains("same MySQL server", run.StdErr, StringComparison.Ordinal);
        Assert.Equal("0", (await RowsAsync(_source, "SELECT @@GLOBAL.read_only")).Single());
    }

    /// <summary>Whether the forward stream has recorded itself running on the target (the cutover's first gate).</summary>
    private async Task<bool> StreamRunningAsync()
    {
        try
        {
            return (await RowsAsync(_target!, "SELECT COUNT(*) FROM godwit.sync_state WHERE stream = 'shop' AND status IN ('running', 'caught-up')")).Single() == "1";
        }
        catch (MySqlException)
        {
            // The godwit database is not made yet.
            return false;
        }
    }

    private static async Task ExecuteAsync(PrivateServer server, string sql)
    {
        await using var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(server.Uri), CancellationToken.None);
        await connection.ExecuteAsync(sql, CancellationToken.None);
    }

    /// <summary>A statement as the application's DML-only account, in database shop.</summary>
    private static async Task AppAsync(PrivateServer server, string sql)
    {
        var uri = Core.Connections.ConnectionUri.Parse($"mysql://app:{AppPassword}@{server.Uri.Host}:{server.Uri.Port}/shop");
        await using var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(uri), CancellationToken.None);
        await connection.ExecuteAsync(sql, CancellationToken.None);
    }

    private static async Task<long> CountAsync(PrivateServer server, string where)
    {
        await using var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(server.Uri), CancellationToken.None);
        return await connection.ScalarAsync<long>($"SELECT COUNT(*) FROM shop.orders WHERE {where}", CancellationToken.None);
    }

    private static async Task<List<string>> RowsAsync(PrivateServer server, string select)
    {
        await using var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(server.Uri), CancellationToken.None);
        await using var reader = await connection.QueryAsync(select, CancellationToken.None);
        var rows = new List<string>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetString(i))));
        }

        return rows;
    }
}
