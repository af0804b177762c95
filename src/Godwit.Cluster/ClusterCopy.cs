using Orleans;

namespace Godwit.Cluster;

/// <summary>
/// The client side of <c>migrate --cluster</c>: starts the job grain and follows it until it is done. A job grain
/// whose silo died comes back as a fresh, idle activation (or the call fails while the cluster notices): it is started
/// again and resumes the run from the target's state.
/// </summary>
public static class ClusterCopy
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static async Task<IReadOnlyList<ChunkOutcome>> RunAsync(IClusterClient client, ClusterCopyJob job, Action<string> note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(note);
        var grain = client.GetGrain<ICopyJobGrain>(job.Stream);
        var seen = new Dictionary<(string, int), ChunkOutcome>();
        string? jobSilo = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CopyJobStatus status;
            try
            {
                status = await grain.StatusAsync();
                if (status.State == CopyJobStatus.Idle)
                {
                    await grain.StartAsync(job);
                    // --restart forgets the earlier run once: a job started again after its silo died resumes.
                    job = job with { Restart = false };
                }
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
            {
                note($"job grain unreachable ({ex.GetType().Name}); asking again");
                await Task.Delay(Poll, cancellationToken);
                continue;
            }

            if (jobSilo != status.JobSilo)
            {
                note($"job grain on {status.JobSilo}");
                jobSilo = status.JobSilo;
            }

            foreach (var c in status.Chunks)
            {
                seen[(c.Table, c.Number)] = c;
            }

            switch (status.State)
            {
                case CopyJobStatus.Done:
                    return [.. seen.Values.OrderBy(c => c.Table, StringComparer.Ordinal).ThenBy(c => c.Number)];
                case CopyJobStatus.Failed:
                    throw new InvalidOperationException($"the cluster copy failed: {status.Error}");
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }
}
