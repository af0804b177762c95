using Godwit.Core.Copy;

namespace Godwit.Core.Engines.Copy;

/// <summary>
/// One table's line of the summary. <paramref name="ChunksPassedThrough"/>: chunks of this run whose rows went from
/// source to target unchanged (same engine, native types), not through the converting path.
/// </summary>
public sealed record TableCopyResult(string Table, string Target, CopyCounts Counts, TimeSpan Elapsed, int Chunks, int ChunksResumed, int ChunksPassedThrough = 0);
