using Orleans;

namespace Godwit.Cluster;

/// <summary>A chunk a worker committed: its counts and the worker (silo) that did it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record ChunkOutcome(
    [property: Id(0)] string Table,
    [property: Id(1)] int Number,
    [property: Id(2)] long Read,
    [property: Id(3)] long Loaded,
    [property: Id(4)] long Rejected,
    [property: Id(5)] long Bytes,
    [property: Id(6)] string Worker);
