namespace Godwit.Core.Types;

/// <summary>A converted DATETIME/TIMESTAMP: Kind Unspecified for timestamp, Utc for timestamptz.</summary>
public readonly record struct TimestampResult(TemporalStatus Status, DateTime Value);
