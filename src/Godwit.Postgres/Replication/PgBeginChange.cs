using NpgsqlTypes;

namespace Godwit.Postgres.Replication;

/// <summary>A transaction starts; <see cref="FinalLsn"/> is where its commit record is.</summary>
public sealed record PgBeginChange(NpgsqlLogSequenceNumber Lsn, uint TransactionId, NpgsqlLogSequenceNumber FinalLsn, DateTimeOffset CommitTime)
    : PgChange(Lsn);
