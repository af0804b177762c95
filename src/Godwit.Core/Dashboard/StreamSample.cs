namespace Godwit.Core.Dashboard;

/// <summary>A stream's numbers at one moment, kept for its lag chart.</summary>
public sealed record StreamSample(DateTimeOffset At, double? LagSeconds, double? EventsPerSecond, long RowsApplied, long EventsApplied);
