using Godwit.Core.Copy;

namespace Godwit.Core.Engines.Copy;

/// <summary>One chunk as recorded in <c>godwit.copy_chunks</c>; <paramref name="Worker"/>: the cluster worker that copied it (null in one process).</summary>
public sealed record StoredChunk(ChunkSpec Spec, bool Done, CopyCounts Counts, string? Worker = null);
