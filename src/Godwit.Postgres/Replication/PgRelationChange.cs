using NpgsqlTypes;

namespace Godwit.Postgres.Replication;

/// <summary>
/// pgoutput described a table: before its first row in this session, and again after its definition changed.
/// <see cref="Previous"/> is the description seen before in this session (null the first time), so a consumer
/// can tell a schema change (columns added, dropped, retyped) from a plain re-announcement.
/// </summary>
public sealed record PgRelationChange(NpgsqlLogSequenceNumber Lsn, PgRelation Relation, PgRelation? Previous)
    : PgChange(Lsn);
