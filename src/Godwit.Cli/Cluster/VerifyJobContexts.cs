using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<ClusterVerifyJob, Lazy<Task<VerifyJobContext>>> _jobs = new();

    public Task<VerifyJobContext> CreateAsync(ClusterVerifyJob job, CancellationToken cancellationToken)
    {
        var created = _jobs.GetOrAdd(job, j => new Lazy<Task<VerifyJobContext>>(() => BuildAsync(j, cancellationToken)));
        if (created.Value.IsFaulted)
        {
            _jobs.TryRemove(job, out _);
        }

        return created.Value;
    }

    private static async Task<VerifyJobContext> BuildAsync(ClusterVerifyJob job, CancellationToken cancellationToken)
    {
        var spec = CopyJobContexts.ReadSpec(job.SpecJson);
        var options = JsonSerializer.Deserialize<VerifyOptions>(job.OptionsJson) ?? new VerifyOptions();
        // The job carries no passwords: this worker's own.
        var passwords = new PasswordResolver();
        var sourceUri = passwords.Resolve(ConnectionUri.Parse(job.Source), EndpointRole.Source);
        var targetUri = passwords.Resolve(ConnectionUri.Parse(job.Target), EndpointRole.Target);
        var (_, tables) = await VerifyRun.PlanAsync(sourceUri, targetUri, spec, cancellationToken);
        return new VerifyJobContext(tables, ProviderRegistry.Source(sourceUri).VerifyEndpoint(), ProviderRegistry.Target(targetUri).VerifyEndpoint(), options);
    }
}
