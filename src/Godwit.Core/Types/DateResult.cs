namespace Godwit.Core.Types;

/// <summary>A converted DATE.</summary>
public readonly record struct DateResult(TemporalStatus Status, DateOnly Value);
