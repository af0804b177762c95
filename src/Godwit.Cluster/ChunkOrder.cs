using Godwit.Core.Copy;
using Orleans;

namespace Godwit.Cluster;

/// <summary>One chunk sent to a worker grain (<see cref="ChunkSpec"/> plus the run and snapshot attempt it belongs to).</summary>
[GenerateSerializer]
public sealed record ChunkOrder(
    [property: Id(0)] long RunId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Table,
    [property: Id(3)] int Number,
    [property: Id(4)] string[]? Lower,
    [property: Id(5)] string[]? Upper)
{
    public ChunkSpec Spec => new(Table, Number, Lower, Upper);

    public static ChunkOrder Of(long runId, int attempt, ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(runId, attempt, spec.Table, spec.Number, spec.Lower?.ToArray(), spec.Upper?.ToArray());
    }
}
