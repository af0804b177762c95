using Godwit.Core.Copy;

namespace Godwit.Core.Engines.Copy;

/// <summary>
/// Runs a copy's pending chunks somewhere other than this process's worker tasks (the cluster's worker grains).
/// Each chunk still commits its rows and done-mark in one target transaction, so a chunk run twice changes nothing.
/// Every worker reads at its own snapshot: the engine records a position at or before all of them (lock-free).
/// </summary>
public interface IChunkDispatcher
{
    /// <summary>Runs every chunk of <paramref name="pending"/>; calls <paramref name="chunkDone"/> once per chunk as it commits.</summary>
    Task RunAsync(long runId, int attempt, IReadOnlyList<ChunkSpec> pending, Func<ChunkSpec, CopyCounts, ValueTask> chunkDone, CancellationToken cancellationToken);
}
