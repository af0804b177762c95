using Godwit.Core.Ddl;

namespace Godwit.Postgres.Schema;

/// <summary>What applying a schema plan did.</summary>
public sealed record PgApplyResult(int Executed, IReadOnlyList<string> Dropped, IReadOnlyList<string> Kept, IReadOnlyList<SchemaNote> Failed);
