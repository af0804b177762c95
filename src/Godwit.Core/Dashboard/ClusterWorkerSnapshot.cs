namespace Godwit.Core.Dashboard;

/// <summary>One worker of the cluster: its membership status and the chunks it committed (the latest few by name).</summary>
public sealed record ClusterWorkerSnapshot(string Name, string Address, string Status, DateTimeOffset LastAlive, long ChunksCommitted, IReadOnlyList<string> RecentChunks);
