namespace Godwit.Core.Verify;

/// <summary>A chunk's recorded result, kept so a rerun after a kill can skip it.</summary>
public sealed record ChunkOutcome(long Lo, long Hi, long SourceRows, long TargetRows, bool Equal);
