using Godwit.Core.Copy;

namespace Godwit.Postgres.Copy;

/// <summary>One table's line of the summary.</summary>
public sealed record TableCopyResult(string Table, string Target, CopyCounts Counts, TimeSpan Elapsed, int Chunks, int ChunksResumed);
