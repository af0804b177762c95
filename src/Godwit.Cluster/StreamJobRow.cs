namespace Godwit.Cluster;

/// <summary>One stream run on the cluster as <c>status --cluster</c> shows it: the worker holding its grain, its epoch and lag.</summary>
public sealed record StreamJobRow(string Stream, string? Holder, long? Epoch, string State, string? Error, double? LagSeconds, DateTimeOffset UpdatedAt);
