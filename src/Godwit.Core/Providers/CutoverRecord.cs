namespace Godwit.Core.Providers;

/// <summary>A cutover as the target recorded it: its id, the last step reached, whether the source was frozen, and its result (null while unfinished).</summary>
public sealed record CutoverRecord(long Id, string Step, bool SourceFrozen, string? Result);
