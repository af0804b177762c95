namespace Godwit.Cluster;

/// <summary>
/// Rebuilds a job's plan and providers on a silo; supplied by the host (<c>godwit worker</c>), which owns the spec
/// and schema-planning code the CLI also uses.
/// </summary>
public interface ICopyJobContextFactory
{
    Task<CopyJobContext> CreateAsync(ClusterCopyJob job, CancellationToken cancellationToken);
}
