namespace Godwit.Postgres.Verify;

/// <summary>One table in the latest finished verify that compared it (from <c>godwit.verify_runs</c>): whether it differed.</summary>
public sealed record VerifyOutcome(string Table, string Mode, bool Differed, DateTimeOffset FinishedAt);
