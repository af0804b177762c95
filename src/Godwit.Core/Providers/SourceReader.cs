namespace Godwit.Core.Providers;

/// <summary>
/// What a stream holds on its source for itself (a PostgreSQL replication slot): while it exists the source keeps
/// the log behind it, so a stream stopped or forgotten costs the source disk (DBZ-892).
/// </summary>
/// <param name="Name">The slot's name.</param>
/// <param name="Active">Whether a stream reads it now.</param>
/// <param name="RetainedBytes">Log the source keeps for it.</param>
/// <param name="Status">The source's word on that log (wal_status: reserved, extended, unreserved, lost).</param>
public sealed record SourceReader(string Name, bool Active, long? RetainedBytes, string? Status);
