namespace Godwit.Core.Dashboard;

/// <summary>One step of a cutover as it ran.</summary>
public sealed record SwitchStep(string Name, string Status, long Ms, string? Detail);
