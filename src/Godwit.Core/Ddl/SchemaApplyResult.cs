namespace Godwit.Core.Ddl;

/// <summary>What applying a schema plan did.</summary>
public sealed record SchemaApplyResult(int Executed, IReadOnlyList<string> Dropped, IReadOnlyList<string> Kept, IReadOnlyList<SchemaNote> Failed);
