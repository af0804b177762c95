using System.Text.Json;
using Godwit.Cli.Display;
using Godwit.Cluster;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Specs;
using Godwit.Providers;

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
            // Without passwords: Orleans' connections are not encrypted. Each worker resolves them itself, as godwit
            // does (GODWIT_SOURCE_PASSWORD / GODWIT_TARGET_PASSWORD, ~/.pgpass, ~/.my.cnf).
            source.WithPassword(null).ToUnmaskedString(),
            target.WithPassword(null).ToUnmaskedString(),
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

    /// <summary>
    /// The copy's JSON report plus <c>workers</c> (which worker committed which chunk, read from the target's chunk
    /// records, where each worker's name committed with its chunk's done-mark) and <c>chunks_without_worker</c> (done
    /// chunks without a name: copied by a single-process run this one resumed).
    /// </summary>
    public static async Task WriteJsonAsync(CliConsole console, ConnectionUri target, CopyResult result, CancellationToken cancellationToken)
    {
        IReadOnlyList<Core.Engines.Copy.StoredChunk> chunks;
        await using (var store = await ProviderRegistry.Target(target).CopySink(1).OpenRunStoreAsync(cancellationToken))
        {
            chunks = await store.LoadChunksAsync(result.RunId, cancellationToken);
        }

        var logged = chunks.Where(c => c.Done && c.Worker is not null).ToDictionary(c => (c.Spec.Table, Chunk: c.Spec.Number), c => c.Worker!);
        var total = chunks.Count(c => c.Done);
        CopySummaryView.WriteJson(console, result, w =>
        {
            w.WriteStartArray("workers");
            foreach (var byWorker in logged.GroupBy(c => c.Value).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("worker", byWorker.Key);
                w.WriteStartArray("chunks");
                foreach (var c in byWorker.OrderBy(c => c.Key.Table, StringComparer.Ordinal).ThenBy(c => c.Key.Chunk))
                {
                    w.WriteStartObject();
                    w.WriteString("table", c.Key.Table);
                    w.WriteNumber("chunk", c.Key.Chunk);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("chunks_without_worker", Math.Max(0, total - logged.Count));
        });
    }
}
