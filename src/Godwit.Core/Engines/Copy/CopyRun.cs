namespace Godwit.Core.Engines.Copy;

/// <summary>A copy run as recorded in <c>godwit.copy_runs</c>.</summary>
public sealed record CopyRun(long RunId, string Status, int Attempts);
