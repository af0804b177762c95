using NpgsqlTypes;

namespace Godwit.Postgres.Replication;

/// <summary>
/// A row inserted, updated or deleted. <see cref="Old"/> is the replica identity's image (key columns, or every
/// column under REPLICA IDENTITY FULL); it is absent on an UPDATE that did not change the key of a table with a
/// key identity. <see cref="New"/> is absent on DELETE. Values are PostgreSQL's text forms.
/// </summary>
public sealed record PgRowChange(NpgsqlLogSequenceNumber Lsn, PgRowChangeKind Kind, PgRelation Relation, PgTuple? Old, PgTuple? New)
    : PgChange(Lsn);
