using System.Text.Json;
using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.Cluster;

/// <summary>What reads the cluster database (<c>godwit workers</c>, <c>status --cluster</c>) before any worker has joined it.</summary>
public sealed class ClusterReadsTests : PgScratchTest
{
    [Fact]
    public async Task Workers_and_status_on_a_cluster_database_no_worker_has_joined_report_none_and_make_nothing_there()
    {
        var uri = Db.Uri.ToUnmaskedString();

        var workers = await CliRun.InvokeAsync(["workers", "--cluster", uri, "--json"]);
        Assert.True(workers.ExitCode == 0, workers.StdOut + workers.StdErr);
        Assert.Empty(JsonDocument.Parse(workers.StdOut).RootElement.EnumerateArray());

        var status = await CliRun.InvokeAsync(["status", "--target", uri, "--cluster", uri, "--json"]);
        Assert.True(status.ExitCode == 0, status.StdOut + status.StdErr);
        Assert.Empty(JsonDocument.Parse(status.StdOut).RootElement.GetProperty("cluster_streams").EnumerateArray());

        Assert.Null(await Db.ScalarAsync<string?>("SELECT to_regnamespace('godwit_cluster')::text"));
    }
}
