using Orleans;

namespace Godwit.Cluster;

/// <summary>Compares one verify chunk on a worker (a fresh grain per chunk, so chunks spread over the workers).</summary>
public interface IVerifyChunkGrain : IGrainWithStringKey
{
    /// <summary>Compares <paramref name="table"/>'s key range [<paramref name="lo"/>, <paramref name="hi"/>] (both null: the whole table).</summary>
    Task<VerifyChunkReply> CompareAsync(ClusterVerifyJob job, string table, long? lo, long? hi);
}
