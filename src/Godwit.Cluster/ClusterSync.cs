using Godwit.Core.Connections;

namespace Godwit.Cluster;

/// <summary>
/// The client side of <c>sync --cluster</c>: records the stream's job in the cluster database (which keeps it running
/// after this process ends, <see cref="StreamKeeper"/>) and asks its grain to start; <c>--stop</c> removes the job
/// and stops the grain.
/// </summary>
public static class ClusterSync
{
    public static async Task<StreamGrainStatus> StartAsync(ConnectionUri cluster, ClusterSyncJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using (var dataSource = ClusterConnection.Open(cluster))
        {
            await StreamJobs.SaveAsync(dataSource, job, cancellationToken);
        }

        ClusterClient client;
        try
        {
            client = await ClusterClient.ConnectAsync(cluster, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The job is recorded: the first worker to join starts it.
            throw new InvalidOperationException(
                $"no worker of the cluster in {cluster} answered ({ex.Message}); stream {job.Stream} is recorded and starts when a worker joins (godwit worker --cluster URI), or remove it with --stop.",
                ex);
        }

        await using (client)
        {
            return await client.Client.GetGrain<IStreamGrain>(job.Stream).EnsureRunningAsync().WaitAsync(cancellationToken);
        }
    }

    /// <summary>Removes the stream's job first (so no keeper starts it again), then stops its grain; null when there was no job.</summary>
    public static async Task<StreamGrainStatus?> StopAsync(ConnectionUri cluster, string stream, CancellationToken cancellationToken)
    {
        bool had;
        await using (var dataSource = ClusterConnection.Open(cluster))
        {
            had = await StreamJobs.RemoveAsync(dataSource, stream, cancellationToken);
        }

        await using var client = await ClusterClient.ConnectAsync(cluster, cancellationToken);
        var status = await client.Client.GetGrain<IStreamGrain>(stream).StopAsync().WaitAsync(cancellationToken);
        return had ? status : null;
    }

    /// <summary>The streams the cluster runs, with the worker holding each, its epoch and lag.</summary>
    public static async Task<IReadOnlyList<StreamJobRow>> StreamsAsync(ConnectionUri cluster, CancellationToken cancellationToken)
    {
        await using var dataSource = ClusterConnection.Open(cluster);
        return await StreamJobs.ListAsync(dataSource, cancellationToken);
    }
}
