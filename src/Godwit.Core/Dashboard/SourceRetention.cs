namespace Godwit.Core.Dashboard;

/// <summary>What the source keeps for one reader (a PostgreSQL slot): its name, whether it is read now, the bytes kept and the source's word on them.</summary>
public sealed record SourceRetention(string Name, bool Active, long? RetainedBytes, string? Status);
