using Orleans;

namespace Godwit.Cluster;

/// <summary>Runs one chunk (keyed by run, chunk and try, so every try is a fresh activation on a randomly chosen live silo).</summary>
public interface IChunkGrain : IGrainWithStringKey
{
    Task<ChunkOutcome> RunAsync(ClusterCopyJob job, ChunkOrder chunk);
}
