using Godwit.Core.Copy;

namespace Godwit.Core.Providers;

/// <summary>One copy worker's connection to the target.</summary>
public interface ICopyChunkWriter : IAsyncDisposable
{
    /// <summary>Opens the chunk's target transaction.</summary>
    Task<ICopyChunk> BeginChunkAsync(CopyTable table, ChunkSpec chunk, CancellationToken cancellationToken);
}
