using Orleans;
using Orleans.Concurrency;

namespace Godwit.Cluster;

/// <summary>A worker silo's own grain: says which process it is (the id the JSON report records with each chunk).</summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    Task<WorkerInfo> DescribeAsync();
}
