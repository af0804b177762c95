using Godwit.Core.Copy;

namespace Godwit.Core.Engines.Copy;

/// <summary>One table's line of the summary.</summary>
public sealed record TableCopyResult(string Table, string Target, CopyCounts Counts, TimeSpan Elapsed, int Chunks, int ChunksResumed);
