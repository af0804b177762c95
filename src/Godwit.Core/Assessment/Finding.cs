namespace Godwit.Core.Assessment;

/// <summary>One result of <c>godwit assess</c>: what, where, and how to fix it.</summary>
public sealed record Finding(Severity Severity, string Code, string What, string Where, string? Fix = null);
