namespace Godwit.Cluster;

/// <summary>One worker as <c>godwit workers</c> shows it: status from the membership table, chunks from the chunk log.</summary>
public sealed record WorkerRow(string Name, string Address, string Status, string Host, DateTimeOffset LastAlive, long ChunksCommitted, IReadOnlyList<string> RecentChunks);
