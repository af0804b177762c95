using Godwit.Providers.MySql;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Sync;

/// <summary>A source restart is a lost source: the stream reconnects and goes on, it never ends with exit 0.</summary>
public sealed class SourceRestartTests
{
    // A port of this test's own: the private MariaDB never collides with the shared testbed (3307) or others.
    private const int Port = 3331;

    [Fact]
    public async Task Sync_survives_a_mariadb_restart_and_applies_what_is_written_after_it()
    {
        await using var source = await PrivateServer.MariaDbAsync(Port);
        await using var target = await PgScratchDatabase.CreateAsync();
        await using (var mysql = await Godwit.MySql.MySqlConnection.OpenAsync(Godwit.Providers.MySql.MySqlUriSettings.From(source.Uri), CancellationToken.None))
        {
            await mysql.ExecuteAsync("DROP DATABASE IF EXISTS restarted; CREATE DATABASE restarted; CREATE TABLE restarted.t (id INT PRIMARY KEY, v INT)", CancellationToken.None);
        }

        var sourceUri = source.Uri.WithDatabase("restarted").ToUnmaskedString();
        var targetUri = target.Uri.ToUnmaskedString();
        var schema = await CliRun.InvokeAsync(["schema", "--source", sourceUri, "--target", targetUri]);
        Assert.True(schema.ExitCode == 0, schema.StdErr);
        var start = await PositionAsync(source);

        using var sync = SyncProcess.Start(["sync", "--source", sourceUri, "--target", targetUri, "--from", start, "--server-id", "77031"]);
        await InsertAsync(source, 1, 10);
        await WaitForCountAsync(target, 10, sync);

        await source.StopAsync();
        await source.StartAgainAsync();
        await InsertAsync(source, 11, 20);

        await WaitForCountAsync(target, 20, sync);
        Assert.Contains("lost the source", sync.StdErr, StringComparison.Ordinal);
        Assert.Contains("reconnecting", sync.StdErr, StringComparison.Ordinal);
    }

    private static async Task<string> PositionAsync(PrivateServer source)
    {
        await using var mysql = await Godwit.MySql.MySqlConnection.OpenAsync(Godwit.Providers.MySql.MySqlUriSettings.From(source.Uri), CancellationToken.None);
        await using var reader = await mysql.QueryAsync("SHOW MASTER STATUS", CancellationToken.None);
        Assert.True(await reader.ReadAsync(CancellationToken.None));
        return $"{reader.GetString(0)}:{reader.GetInt64(1)}";
    }

    private static async Task InsertAsync(PrivateServer source, int from, int to)
    {
        await using var mysql = await Godwit.MySql.MySqlConnection.OpenAsync(Godwit.Providers.MySql.MySqlUriSettings.From(source.Uri), CancellationToken.None);
        await mysql.ExecuteAsync($"INSERT INTO restarted.t SELECT seq, seq FROM mysql.seq_{from}_to_{to}", CancellationToken.None);
    }

    /// <summary>Waits for the rows on the target; the stream must still be running (a stream that ended can never get there).</summary>
    private static async Task WaitForCountAsync(PgScratchDatabase target, long count, SyncProcess sync)
    {
        var guard = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await target.ScalarAsync<long>("SELECT count(*) FROM restarted.t") < count)
        {
            Assert.True(DateTime.UtcNow < guard, $"the target never got {count} rows:\n{sync.StdErr}");
            await Task.Delay(100);
        }
    }
}
