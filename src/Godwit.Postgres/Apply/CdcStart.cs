namespace Godwit.Postgres.Apply;

/// <summary>Where the copy says the change stream must start (<c>godwit.cdc_start</c>).</summary>
public sealed record CdcStart(long RunId, string? BinlogFile, long? BinlogPos, string? Gtid, string Method);
