using Orleans;

namespace Godwit.Cluster;

/// <summary>A compared verify chunk: its outcome as the verify engine encoded it, and the worker that compared it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record VerifyChunkReply([property: Id(0)] string Outcome, [property: Id(1)] string Worker);
