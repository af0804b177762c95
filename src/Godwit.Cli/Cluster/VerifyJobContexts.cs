using System.Text.Json;
using Godwit.Cli.Verify;
using Godwit.Cluster;
using Godwit.Core.Connections;
using Godwit.Core.Verify;
using Godwit.Providers;

namespace Godwit.Cli.Cluster;

/// <summary>
/// Rebuilds a cluster verify on a worker with the planning <c>godwit verify</c> uses (<see cref="VerifyRun.PlanAsync"/>),
/// once per job and worker process: its endpoints are kept for the job's later chunks.
/// </summary>
internal sealed class VerifyJobContexts : IVerifyJobContextFactory
{
    private readonly JobContextCache<ClusterVerifyJob, VerifyJobContext> _jobs = new(BuildAsync);

    public Task<VerifyJobContext> CreateAsync(ClusterVerifyJob job, CancellationToken cancellationToken) => _jobs.GetAsync(job, cancellationToken);

    private static async Task<VerifyJobContext> BuildAsync(ClusterVerifyJob job, CancellationToken cancellationToken)
    {
        var spec = CopyJobContexts.ReadSpec(job.SpecJson);
        var options = JsonSerializer.Deserialize<VerifyOptions>(job.OptionsJson) ?? new VerifyOptions();
        var (sourceUri, targetUri) = WorkerEndpoints.Resolve(job.Source, job.Target);
        var (_, tables) = await VerifyRun.PlanAsync(sourceUri, targetUri, spec, cancellationToken);
        return new VerifyJobContext(tables, ProviderRegistry.Source(sourceUri).VerifyEndpoint(), ProviderRegistry.Target(targetUri).VerifyEndpoint(), options);
    }
}
