using Orleans;
using Orleans.Runtime;

namespace Godwit.Cluster;

/// <summary>See <see cref="IWorkerGrain"/>. Orleans places it on any silo; the answer names the silo it ran on.</summary>
internal sealed class WorkerGrain(ILocalSiloDetails silo) : Grain, IWorkerGrain
{
    public Task<WorkerInfo> DescribeAsync() =>
        Task.FromResult(new WorkerInfo(silo.SiloAddress.ToParsableString(), Environment.MachineName, Environment.ProcessId));
}
