namespace Godwit.Core.Providers;

/// <summary>What applying a schema change did.</summary>
/// <param name="Unsupported">Why the statement cannot be reproduced (nothing was run); null when it was applied.</param>
/// <param name="Statements">Target statements run.</param>
public sealed record SchemaChangeOutcome(string? Unsupported, int Statements);
