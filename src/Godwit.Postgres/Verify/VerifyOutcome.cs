namespace Godwit.Postgres.Verify;

/// <summary>A finished verify run's outcome as recorded in <c>godwit.verify_runs</c>.</summary>
public sealed record VerifyOutcome(string Mode, long Differences, DateTimeOffset FinishedAt);
