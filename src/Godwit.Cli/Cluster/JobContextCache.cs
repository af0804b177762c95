using System.Collections.Concurrent;

namespace Godwit.Cli.Cluster;

/// <summary>
/// A worker's context per job, built once per job and worker process (introspection, planning, endpoints) and kept
/// for the job's later chunks; a build that failed is built again on the next call.
/// </summary>
internal sealed class JobContextCache<TJob, TContext>(Func<TJob, CancellationToken, Task<TContext>> build)
    where TJob : notnull
{
    private readonly ConcurrentDictionary<TJob, Lazy<Task<TContext>>> _jobs = new();

    public Task<TContext> GetAsync(TJob job, CancellationToken cancellationToken)
    {
        var created = _jobs.GetOrAdd(job, j => new Lazy<Task<TContext>>(() => build(j, cancellationToken)));
        if (created.Value.IsFaulted)
        {
            _jobs.TryRemove(job, out _);
        }

        return created.Value;
    }
}
