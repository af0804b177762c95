using NpgsqlTypes;

namespace Godwit.Postgres.Replication;

/// <summary>
/// One decoded message of a pgoutput stream, in WAL order. <see cref="Lsn"/> is the message's WAL start as the server
/// reports it (0/0 for messages it does not place, such as relation descriptions); the position to store and resume
/// from is only ever a commit's <see cref="PgCommitChange.EndLsn"/>.
/// </summary>
public abstract record PgChange(NpgsqlLogSequenceNumber Lsn);
