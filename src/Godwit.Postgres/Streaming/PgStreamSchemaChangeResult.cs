using Godwit.Postgres.Apply;

namespace Godwit.Postgres.Streaming;

/// <summary>What applying a DDL statement did (<see cref="PgStreamSchemaChange"/>).</summary>
/// <param name="Unsupported">Why the statement cannot be reproduced (nothing was run); null when it was applied.</param>
/// <param name="Statements">Target statements run.</param>
/// <param name="Catalog">The target's tables now.</param>
/// <param name="NetEligible">The target tables that take net effects now.</param>
internal sealed record PgStreamSchemaChangeResult(string? Unsupported, int Statements, PgTargetCatalog Catalog, IReadOnlySet<string> NetEligible);
