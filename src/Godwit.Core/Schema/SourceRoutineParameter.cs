namespace Godwit.Core.Schema;

/// <summary>One parameter of a stored routine: IN, OUT or INOUT (functions have IN only), its name and MySQL type.</summary>
public sealed record SourceRoutineParameter(string Mode, string Name, string Type);
