using Orleans;

namespace Godwit.Cluster;

/// <summary>One per migration (keyed by stream): plans the copy and hands its chunks to <see cref="IChunkGrain"/>s.</summary>
public interface ICopyJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job unless this activation already runs it (or finished it); returns at once.</summary>
    Task StartAsync(ClusterCopyJob job);

    Task<CopyJobStatus> StatusAsync();
}
