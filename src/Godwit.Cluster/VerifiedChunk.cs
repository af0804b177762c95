namespace Godwit.Cluster;

/// <summary>A verify chunk a worker compared: the table, its key range (null: the whole table) and the worker.</summary>
public sealed record VerifiedChunk(string Table, long? Lo, long? Hi, string Worker);
