using Orleans;

namespace Godwit.Cluster;

/// <summary>
/// One per change stream (keyed by the stream's name): runs the sync engine for it on one worker, fenced by an epoch
/// it claims in the target when it starts. What it streams is read from the cluster's <c>stream_jobs</c>, so any
/// activation (a new one after its silo died) finds the same job, and one whose job was removed runs nothing.
/// </summary>
public interface IStreamGrain : IGrainWithStringKey
{
    /// <summary>Starts the stream unless this activation runs it (or it ended here); returns where it runs.</summary>
    Task<StreamGrainStatus> EnsureRunningAsync();

    Task<StreamGrainStatus> StatusAsync();

    /// <summary>Stops the stream at a transaction boundary and ends the activation.</summary>
    Task<StreamGrainStatus> StopAsync();
}
