namespace Godwit.Core.Dashboard;

/// <summary>A stream run on the cluster: the worker holding its grain, its fencing epoch, state and lag as the grain last reported them.</summary>
public sealed record ClusterStreamSnapshot(string Stream, string? Worker, long? Epoch, string State, double? LagSeconds, DateTimeOffset ReportedAt, string? Error);
