using Orleans;

namespace Godwit.Cluster;

/// <summary>Who a worker is: its silo address (host:port@generation), host name and process id.</summary>
[GenerateSerializer]
[Immutable]
public sealed record WorkerInfo([property: Id(0)] string Silo, [property: Id(1)] string Host, [property: Id(2)] int ProcessId);
