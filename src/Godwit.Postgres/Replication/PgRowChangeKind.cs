namespace Godwit.Postgres.Replication;

public enum PgRowChangeKind
{
    Insert,
    Update,
    Delete,
}
