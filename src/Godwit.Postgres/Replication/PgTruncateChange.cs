using NpgsqlTypes;

namespace Godwit.Postgres.Replication;

/// <summary>TRUNCATE of one or more published tables (in one statement).</summary>
public sealed record PgTruncateChange(NpgsqlLogSequenceNumber Lsn, IReadOnlyList<PgRelation> Relations, bool Cascade, bool RestartIdentity)
    : PgChange(Lsn);
