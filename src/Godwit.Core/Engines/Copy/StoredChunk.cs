using Godwit.Core.Copy;

namespace Godwit.Core.Engines.Copy;

/// <summary>One chunk as recorded in <c>godwit.copy_chunks</c>.</summary>
public sealed record StoredChunk(ChunkSpec Spec, bool Done, CopyCounts Counts);
