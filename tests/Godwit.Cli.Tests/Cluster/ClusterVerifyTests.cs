using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Tests.Copy;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Cluster;

/// <summary><c>verify --cluster</c>: the verify's chunks compared on <c>godwit worker</c> processes, against the same verify in one process.</summary>
public sealed class ClusterVerifyTests : CopyTestBase, IDisposable
{
    private const string Sql = """
        CREATE TABLE items (id INT PRIMARY KEY, grp INT NOT NULL, label VARCHAR(40));
        INSERT INTO items SELECT seq, seq % 13, CONCAT('item ', seq) FROM seq_1_to_20000;
        CREATE TABLE tags (name VARCHAR(20) PRIMARY KEY, n INT);
        INSERT INTO tags VALUES ('a', 1), ('b', 2), ('c', 3);
        ANALYZE TABLE items;
        """;

    private WorkerProcesses? _workers;

    [Fact]
    public async Task A_cluster_verify_finds_a_row_changed_on_the_target_behind_godwit_s_back_and_agrees_with_a_verify_in_one_process()
    {
        await MySql.ExecuteAsync(Sql);
        var migrate = await MigrateAsync();
        Assert.True(migrate.ExitCode == 0, migrate.StdErr);
        _workers = new WorkerProcesses(Target, new Dictionary<string, string>
        {
            ["GODWIT_SOURCE_PASSWORD"] = MySql.Uri.Password!,
            ["GODWIT_TARGET_PASSWORD"] = Postgres.Uri.Password!,
        });
        _workers.Start("v0");
        _workers.Start("v1");
        await WorkerProcesses.WaitForActiveAsync(PgScalarAsync, 2);

        // A clean copy: both say equal, chunk for chunk.
        var (clusterClean, clusterCleanJson) = await VerifyAsync(cluster: true);
        var (localClean, localCleanJson) = await VerifyAsync(cluster: false);
        Assert.Equal(0, clusterClean);
        Assert.Equal(0, localClean);
        Assert.Equal(Tables(localCleanJson), Tables(clusterCleanJson));
        var workers = clusterCleanJson.GetProperty("workers").EnumerateArray().ToList();
        Assert.Equal(
            clusterCleanJson.GetProperty("tables").EnumerateArray().Sum(t => t.GetProperty("chunks").GetInt32()),
            workers.Sum(w => w.GetProperty("chunks").GetArrayLength()));
        Assert.True(workers.Count >= 2, "the chunks were not spread over both workers:\n" + clusterCleanJson + "\n" + _workers.Log());

        // Rows changed on the target behind godwit's back: both find the same ones, by table and key.
        await Postgres.ExecuteAsync($"UPDATE \"{Schema}\".items SET label = 'tampered' WHERE id = 777; DELETE FROM \"{Schema}\".tags WHERE name = 'b'");
        var (clusterDirty, clusterDirtyJson) = await VerifyAsync(cluster: true);
        var (localDirty, localDirtyJson) = await VerifyAsync(cluster: false);
        Assert.Equal(2, clusterDirty);
        Assert.Equal(2, localDirty);
        Assert.Equal(Tables(localDirtyJson), Tables(clusterDirtyJson));
        var items = clusterDirtyJson.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString()!.EndsWith(".items", StringComparison.Ordinal));
        var difference = items.GetProperty("differences").EnumerateArray().Single();
        Assert.Equal("id=777", difference.GetProperty("key").GetString());
        Assert.Equal("tampered", difference.GetProperty("columns").EnumerateArray().Single().GetProperty("target").GetString());
        var tags = clusterDirtyJson.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString()!.EndsWith(".tags", StringComparison.Ordinal));
        Assert.Equal("name=b", tags.GetProperty("differences").EnumerateArray().Single().GetProperty("key").GetString());
    }

    public void Dispose() => _workers?.Dispose();

    private async Task<(int ExitCode, JsonElement Json)> VerifyAsync(bool cluster)
    {
        string[] args = ["verify", "--source", Source, "--target", Target, "--chunk-rows", "2000", "--jobs", "3", "--no-wait-for-sync", "--restart", "--json"];
        var run = await CliRun.InvokeAsync(cluster ? [.. args, "--cluster", Target] : args);
        Assert.True(run.ExitCode is 0 or 2, run.StdOut + run.StdErr + _workers?.Log());
        return (run.ExitCode, Json(run));
    }

    /// <summary>Each table's result without what may differ between two runs of the same verify (timings, where chunks ran).</summary>
    private static string Tables(JsonElement report) => JsonSerializer.Serialize(
        report.GetProperty("tables").EnumerateArray().Select(t => new
        {
            table = t.GetProperty("table").GetString(),
            equal = t.GetProperty("equal").GetBoolean(),
            source_rows = t.GetProperty("source_rows").GetInt64(),
            target_rows = t.GetProperty("target_rows").GetInt64(),
            matching = t.GetProperty("matching").GetInt64(),
            missing = t.GetProperty("missing_on_target").GetInt64(),
            extra = t.GetProperty("extra_on_target").GetInt64(),
            different = t.GetProperty("different").GetInt64(),
            chunks = t.GetProperty("chunks").GetInt32(),
            differences = t.GetProperty("differences").ToString(),
        }));
}
