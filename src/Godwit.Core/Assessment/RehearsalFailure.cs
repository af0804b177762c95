using Godwit.Core.Ddl;

namespace Godwit.Core.Assessment;

/// <summary>A statement of the schema plan the target refused when <c>godwit assess</c> rehearsed the plan there (rolled back).</summary>
/// <param name="Statement">The statement, written for the rehearsal's own schema.</param>
/// <param name="Error">PostgreSQL's error: SQLSTATE and message.</param>
public sealed record RehearsalFailure(DdlStatement Statement, string Error);
