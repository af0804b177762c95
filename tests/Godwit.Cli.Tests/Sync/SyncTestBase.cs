using System.Globalization;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// Scratch databases plus what the sync tests share: the target schema made by <c>godwit schema</c>, the source
/// position to start from, <c>godwit sync --until-caught-up</c>, and both sides read back as text.
/// </summary>
public abstract class SyncTestBase : ScratchDatabases
{
    /// <summary>A replica server id of this test's own, in a range the testbed's other tests do not use.</summary>
    protected string ServerId { get; } = Random.Shared.Next(0x50000000, 0x7FFFFFFF).ToString(CultureInfo.InvariantCulture);

    protected string Source => MySql.Uri.ToUnmaskedString();

    protected string Target => Postgres.Uri.ToUnmaskedString();

    /// <summary>The PostgreSQL schema the tables land in (the source database's name).</summary>
    protected string Schema => MySql.Name;

    /// <summary>Creates the source tables, the target schema from them, and returns the source position after both (where sync starts).</summary>
    protected async Task<string> SetUpAsync(string sourceDdl)
    {
        await MySql.ExecuteAsync(sourceDdl);
        var schema = await CliRun.InvokeAsync(["schema", "--source", Source, "--target", Target]);
        Assert.True(schema.ExitCode == 0, schema.StdErr);
        return await SourcePositionAsync();
    }

    protected async Task<string> SourcePositionAsync()
    {
        var row = (await MySqlRowsAsync("SHOW MASTER STATUS")).Single();
        return $"{row[0]}:{row[1]}";
    }

    internal Task<CliRun> SyncAsync(params string[] extra) =>
        CliRun.InvokeAsync(["sync", "--source", Source, "--target", Target, "--until-caught-up", "--server-id", ServerId, .. extra]);

    internal async Task<CliRun> SyncOkAsync(params string[] extra)
    {
        var run = await SyncAsync(extra);
        Assert.True(run.ExitCode == 0, $"sync exited {run.ExitCode}:\n{run.StdOut}\n{run.StdErr}");
        return run;
    }

    /// <summary>Asserts the target table holds exactly the source table's rows (compared as text, ordered by the first column).</summary>
    protected async Task AssertSameRowsAsync(string table, string columns = "*")
    {
        var source = await MySqlRowsAsync($"SELECT {columns} FROM `{table}` ORDER BY 1");
        var target = await PgRowsAsync($"SELECT {columns} FROM \"{Schema}\".\"{table}\" ORDER BY 1");
        Assert.Equal(source.Count, target.Count);
        for (var i = 0; i < source.Count; i++)
        {
            Assert.Equal(source[i], target[i]);
        }
    }

    /// <summary>Rows of a PostgreSQL query, every value as text (NULL as null).</summary>
    protected Task<List<string?[]>> PgRowsAsync(string sql) => Postgres.RowsAsync(sql);

    protected async Task<string?> PgScalarAsync(string sql) => (await PgRowsAsync(sql)).Single()[0];

    protected Task<List<string?[]>> MySqlRowsAsync(string sql) => MySql.RowsAsync(sql);

    /// <summary>A binlog position as something comparable: (file sequence number, offset).</summary>
    protected static (long File, long Pos) Order(string position)
    {
        var colon = position.LastIndexOf(':');
        var file = position[..colon];
        return (long.Parse(file[(file.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture), long.Parse(position[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A loopback port free now (for a <c>--metrics</c> endpoint).</summary>
    protected static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (no fixed sleeps: tests wait exactly as long as needed, up to the timeout).</summary>
    protected static Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) => Waiting.UntilAsync(condition, timeout, what);
}
