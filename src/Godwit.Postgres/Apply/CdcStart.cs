using Godwit.Core.Positions;

namespace Godwit.Postgres.Apply;

/// <summary>Where the change stream starts after a copy run (<c>godwit.cdc_start</c>): the earliest snapshot that committed a chunk.</summary>
public sealed record CdcStart(long RunId, StreamPosition? Position, string Method);
