namespace Godwit.Core.Providers;

/// <summary>What a set of gates found: the conditions that failed and those that passed, in words for the operator.</summary>
public sealed record GateResults(IReadOnlyList<string> Failures, IReadOnlyList<string> Passed);
