namespace Godwit.Cli.Cutover;

/// <summary>Why a guarded cutover rolled back: which trigger fired (<c>reverse-lag</c>, <c>reverse-error</c>, <c>target-unreachable</c>, <c>guard-command</c>, <c>verify</c>) and what it saw.</summary>
public sealed record GuardTrigger(string Kind, string Detail, DateTimeOffset At);
