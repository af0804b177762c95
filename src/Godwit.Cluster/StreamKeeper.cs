using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans;

namespace Godwit.Cluster;

/// <summary>
/// Keeps the cluster's streams running: every worker pokes the grain of each stream in <c>stream_jobs</c> every two
/// seconds. The poke reaches the stream's one activation (a no-op when it runs); after its silo died, it makes a new
/// activation on a live worker, which claims a new epoch and resumes from the target's state. This is Godwit's
/// reminder: it needs no reminder table, and moves a stream as soon as membership declares its silo dead.
/// </summary>
internal sealed class StreamKeeper(IGrainFactory grains, NpgsqlDataSource cluster, WorkerNotes notes) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    /// <summary>A poke that gets no answer by then (its silo died and is not declared dead yet) is made again next round.</summary>
    private static readonly TimeSpan PokeTimeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        string? lastError = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    foreach (var stream in await StreamJobs.StreamsAsync(cluster, stoppingToken))
                    {
                        await grains.GetGrain<IStreamGrain>(stream).EnsureRunningAsync().WaitAsync(PokeTimeout, stoppingToken);
                    }

                    lastError = null;
                }
#pragma warning disable CA1031 // Whatever failed (a dead silo, the cluster database, a table not made yet) is tried again next round.
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    var error = Godwit.Core.Connections.SecretMasker.Describe(ex);
                    if (error != lastError)
                    {
                        notes.Write($"stream keeper: {error}; trying again");
                        lastError = error;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The worker stops.
        }
    }
}
