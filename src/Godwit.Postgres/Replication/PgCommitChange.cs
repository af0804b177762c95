using NpgsqlTypes;

namespace Godwit.Postgres.Replication;

/// <summary>
/// A transaction committed. <see cref="EndLsn"/> is the position to store with the applied rows and to confirm to
/// the slot once they are committed on the target: a stream started from it begins with the next transaction.
/// </summary>
public sealed record PgCommitChange(NpgsqlLogSequenceNumber Lsn, NpgsqlLogSequenceNumber CommitLsn, NpgsqlLogSequenceNumber EndLsn, DateTimeOffset CommitTime)
    : PgChange(Lsn);
