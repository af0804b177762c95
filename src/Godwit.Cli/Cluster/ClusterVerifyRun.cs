using System.Text.Json;
using Godwit.Cluster;
using Godwit.Core.Connections;
using Godwit.Core.Specs;
using Godwit.Core.Verify;

namespace Godwit.Cli.Cluster;

/// <summary>
/// <c>verify --cluster</c>: the verify runs here (plan, waits for the stream, re-check, report, outcome recorded) and
/// its chunk comparisons on the cluster's workers; <see cref="Checked"/> says which worker compared which chunk.
/// </summary>
internal sealed class ClusterVerifyRun(ConnectionUri cluster, ConnectionUri source, ConnectionUri target, MigrationSpec spec, VerifyOptions options) : IAsyncDisposable
{
    private ClusterVerify? _session;

    public IReadOnlyList<VerifiedChunk> Checked => _session?.Dispatcher.Checked ?? [];

    /// <summary>Connects to the cluster for the run <paramref name="runId"/> and returns its dispatcher.</summary>
    public async Task<IVerifyChunkDispatcher> ConnectAsync(string runId, CancellationToken cancellationToken)
    {
        var job = new ClusterVerifyJob(
            runId,
            // Without passwords, as migrate --cluster: each worker resolves its own.
            source.WithPassword(null).ToUnmaskedString(),
            target.WithPassword(null).ToUnmaskedString(),
            JsonSerializer.Serialize(spec with { Source = null, Target = null }),
            JsonSerializer.Serialize(options));
        _session = await ClusterVerify.ConnectAsync(cluster, job, cancellationToken);
        return _session.Dispatcher;
    }

    /// <summary><c>workers</c> in the JSON report: each worker with the chunks it compared.</summary>
    public static void WriteJson(Utf8JsonWriter w, IReadOnlyList<VerifiedChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(chunks);
        w.WriteStartArray("workers");
        foreach (var byWorker in chunks.GroupBy(c => c.Worker).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("worker", byWorker.Key);
            w.WriteStartArray("chunks");
            foreach (var c in byWorker.OrderBy(c => c.Table, StringComparer.Ordinal).ThenBy(c => c.Lo))
            {
                w.WriteStartObject();
                w.WriteString("table", c.Table);
                if (c.Lo is { } lo && c.Hi is { } hi)
                {
                    w.WriteNumber("lo", lo);
                    w.WriteNumber("hi", hi);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}
