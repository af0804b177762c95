using System.Text.Json;
using Godwit.Cli.Display;
using Godwit.Cluster;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Specs;

namespace Godwit.Cli.Cluster;

/// <summary><c>migrate --cluster</c>: hands the copy to the cluster's job grain and reports which worker did which chunk.</summary>
internal static class ClusterMigrate
{
    public static async Task<IReadOnlyList<ChunkOutcome>> RunAsync(
        CliConsole console, ConnectionUri cluster, ConnectionUri source, ConnectionUri target, MigrationSpec spec, CopyOptions options, string targetSchema,
        CancellationToken cancellationToken)
    {
        if (source.Engine != DatabaseEngine.MySql)
        {
            // A PostgreSQL source's snapshot is its replication slot's, exported by one session: workers elsewhere
            // would each need SET TRANSACTION SNAPSHOT on it while it stays open, which is not built yet.
            throw new CliException("migrate --cluster copies MySQL/MariaDB sources only for now; copy a PostgreSQL source without --cluster.");
        }

        var job = new ClusterCopyJob(
            options.Stream ?? targetSchema,
            source.ToUnmaskedString(),
            target.ToUnmaskedString(),
            JsonSerializer.Serialize(spec with { Source = null, Target = null }),
            options.ChunkRows,
            options.MaxRowsPerSecond,
            options.Restart,
            options.Jobs,
            options.Stream);
        await using var client = await ClusterClient.ConnectAsync(cluster, cancellationToken);
        console.Diagnostic($"godwit: migrate: copying on the cluster in {cluster}");
        return await ClusterCopy.RunAsync(client.Client, job, n => console.Diagnostic($"godwit: migrate: {n}"), cancellationToken);
    }

    public static void WriteJson(CliConsole console, CopyResult result, IReadOnlyList<ChunkOutcome> chunks) =>
        CopySummaryView.WriteJson(console, result, w =>
        {
            w.WriteStartArray("workers");
            foreach (var byWorker in chunks.GroupBy(c => c.Worker).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("worker", byWorker.Key);
                w.WriteStartArray("chunks");
                foreach (var c in byWorker)
                {
                    w.WriteStartObject();
                    w.WriteString("table", c.Table);
                    w.WriteNumber("chunk", c.Number);
                    w.WriteNumber("rows", c.Loaded);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
}
