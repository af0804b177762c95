namespace Godwit.Cluster;

/// <summary>Rebuilds a verify's tables and endpoints on a worker; supplied by the host (<c>godwit worker</c>), which owns the planning code <c>godwit verify</c> uses.</summary>
public interface IVerifyJobContextFactory
{
    Task<VerifyJobContext> CreateAsync(ClusterVerifyJob job, CancellationToken cancellationToken);
}
