using System.Globalization;
using System.Text.Json;
using Godwit.Cluster;
using Godwit.Core.Connections;
using Godwit.Core.Specs;

namespace Godwit.Cli.Cluster;

/// <summary>
/// <c>sync --cluster</c>: hands the change stream to the cluster's stream grain (which keeps running after this
/// returns) and reports where it runs; with <c>--stop</c>, ends it.
/// </summary>
internal static class ClusterStream
{
    public static async Task<int> StartAsync(CliConsole console, ConnectionUri cluster, ConnectionUri source, ConnectionUri target, MigrationSpec spec, string stream, uint? serverId, OnDdlMode onDdl, bool json, CancellationToken cancellationToken)
    {
        if (source.Engine != DatabaseEngine.MySql || target.Engine != DatabaseEngine.Postgres)
        {
            // The fence is checked in the PostgreSQL state store's apply commit; the MySQL target's does not check it.
            throw new CliException($"sync --cluster streams MySQL/MariaDB into PostgreSQL only for now, not {source.Engine} into {target.Engine}; run godwit sync without --cluster.");
        }

        var job = new ClusterSyncJob(
            stream,
            // Without passwords, as migrate --cluster: each worker resolves its own.
            source.WithPassword(null).ToUnmaskedString(),
            target.WithPassword(null).ToUnmaskedString(),
            JsonSerializer.Serialize(spec with { Source = null, Target = null }),
            serverId,
            onDdl.ToString());
        console.Diagnostic($"godwit: sync: handing stream {stream} to the cluster in {cluster}");
        var status = await ClusterSync.StartAsync(cluster, job, cancellationToken);
        Write(console, stream, status, json);
        return status.State is StreamGrainStatus.Running ? ExitCode.Success : ExitCode.Error;
    }

    public static async Task<int> StopAsync(CliConsole console, ConnectionUri cluster, string stream, bool json, CancellationToken cancellationToken)
    {
        var status = await ClusterSync.StopAsync(cluster, stream, cancellationToken);
        if (status is null)
        {
            throw new CliException($"stream {stream} does not run on the cluster in {cluster}.");
        }

        Write(console, stream, status, json);
        return ExitCode.Success;
    }

    private static void Write(CliConsole console, string stream, StreamGrainStatus status, bool json)
    {
        if (json)
        {
            console.StdOut.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["stream"] = stream,
                ["state"] = status.State,
                ["worker"] = status.Worker,
                ["epoch"] = status.Epoch,
                ["error"] = status.Error,
            }));
            return;
        }

        console.StdOut.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"sync: stream {stream} {status.State} on the cluster, worker {status.Worker}, epoch {status.Epoch}{(status.Error is null ? string.Empty : ": " + status.Error)}"));
        if (status.State == StreamGrainStatus.Running)
        {
            console.StdOut.WriteLine("sync: it keeps running on the workers (moving to another one if its worker dies); `godwit sync --cluster URI --stop` ends it.");
        }
    }
}
