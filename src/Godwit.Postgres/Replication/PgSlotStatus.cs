using NpgsqlTypes;

namespace Godwit.Postgres.Replication;

/// <summary>
/// What the source keeps for a slot (pg_replication_slots): <see cref="RetainedBytes"/> of WAL behind it,
/// <see cref="WalStatus"/> (reserved, extended, unreserved, lost) and <see cref="SafeWalSize"/> (bytes left before
/// max_slot_wal_keep_size would invalidate it; null when unlimited).
/// </summary>
public sealed record PgSlotStatus(
    string Name,
    string? Database,
    bool Active,
    NpgsqlLogSequenceNumber? RestartLsn,
    NpgsqlLogSequenceNumber? ConfirmedFlushLsn,
    long? RetainedBytes,
    string? WalStatus,
    long? SafeWalSize);
