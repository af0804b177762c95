using System.Runtime.CompilerServices;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace Godwit.Postgres.Replication;

/// <summary>
/// Reads a logical replication slot with the pgoutput plugin (PostgreSQL docs, "Logical Streaming Replication
/// Protocol") and yields its messages as <see cref="PgChange"/>s with materialised row images. The slot is
/// told a position is done only through <see cref="Confirm"/>, which the consumer calls after the target committed
/// the rows up to that position: the server keeps everything after it, so a restart re-delivers exactly the
/// transactions that were not yet committed on the target.
/// </summary>
public sealed class PgLogicalStream : IAsyncDisposable
{
    private readonly LogicalReplicationConnection _connection;
    private readonly string _slot;
    private readonly IReadOnlyList<string> _publications;
    private readonly Dictionary<uint, PgRelation> _relations = [];

    private PgLogicalStream(LogicalReplicationConnection connection, string slot, IReadOnlyList<string> publications)
    {
        _connection = connection;
        _slot = slot;
        _publications = publications;
    }

    /// <summary>The last position handed to <see cref="Confirm"/>.</summary>
    public NpgsqlLogSequenceNumber Confirmed { get; private set; }

    /// <summary>The end of the WAL the server has sent so far (advances with keepalives, too).</summary>
    public NpgsqlLogSequenceNumber LastReceived => _connection.LastReceivedLsn;

    /// <summary>Opens a replication connection for <paramref name="slot"/> (which must exist) and the publications.</summary>
    public static async Task<PgLogicalStream> OpenAsync(
        NpgsqlConnectionStringBuilder settings, string slot, IReadOnlyList<string> publications, TimeSpan statusInterval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(slot);
        ArgumentNullException.ThrowIfNull(publications);
        var connection = new LogicalReplicationConnection(settings.ConnectionString)
        {
            // Status updates also tell the server we are alive; the server's own keepalives arrive at least this often.
            WalReceiverStatusInterval = statusInterval,
        };

        try
        {
            await connection.Open(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new PgLogicalStream(connection, slot, publications);
    }

    /// <summary>
    /// Streams changes after <paramref name="start"/> (the end position of the last transaction the target has; the
    /// server starts at the later of that and the slot's confirmed position). Transactions arrive whole, in commit order.
    /// </summary>
    public async IAsyncEnumerable<PgChange> ReadAsync(NpgsqlLogSequenceNumber start, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Confirmed = start;
        _connection.SetReplicationStatus(start);
        var options = new PgOutputReplicationOptions(_publications, PgOutputProtocolVersion.V1);
        var slot = new PgOutputReplicationSlot(_slot);
        await foreach (var message in _connection.StartReplication(slot, options, cancellationToken, start).ConfigureAwait(false))
        {
            var lsn = message.WalStart;
            switch (message)
            {
                case BeginMessage begin:
                    yield return new PgBeginChange(lsn, begin.TransactionXid, begin.TransactionFinalLsn, begin.TransactionCommitTimestamp);
                    break;
                case RelationMessage relation:
                    var described = Describe(relation);
                    _relations.TryGetValue(described.Id, out var previous);
                    _relations[described.Id] = described;
                    yield return new PgRelationChange(lsn, described, previous);
                    break;
                case InsertMessage insert:
                    yield return new PgRowChange(lsn, PgRowChangeKind.Insert, RelationOf(insert.Relation), null, await ReadTupleAsync(insert.NewRow, cancellationToken).ConfigureAwait(false));
                    break;
                case FullUpdateMessage full:
                    var fullOld = await ReadTupleAsync(full.OldRow, cancellationToken).ConfigureAwait(false);
                    yield return new PgRowChange(lsn, PgRowChangeKind.Update, RelationOf(full.Relation), fullOld, await ReadTupleAsync(full.NewRow, cancellationToken).ConfigureAwait(false));
                    break;
                case IndexUpdateMessage keyed:
                    var key = await ReadTupleAsync(keyed.Key, cancellationToken).ConfigureAwait(false);
                    yield return new PgRowChange(lsn, PgRowChangeKind.Update, RelationOf(keyed.Relation), key, await ReadTupleAsync(keyed.NewRow, cancellationToken).ConfigureAwait(false));
                    break;
                case UpdateMessage update:
                    yield return new PgRowChange(lsn, PgRowChangeKind.Update, RelationOf(update.Relation), null, await ReadTupleAsync(update.NewRow, cancellationToken).ConfigureAwait(false));
                    break;
                case KeyDeleteMessage keyDelete:
                    yield return new PgRowChange(lsn, PgRowChangeKind.Delete, RelationOf(keyDelete.Relation), await ReadTupleAsync(keyDelete.Key, cancellationToken).ConfigureAwait(false), null);
                    break;
                case FullDeleteMessage fullDelete:
                    yield return new PgRowChange(lsn, PgRowChangeKind.Delete, RelationOf(fullDelete.Relation), await ReadTupleAsync(fullDelete.OldRow, cancellationToken).ConfigureAwait(false), null);
                    break;
                case TruncateMessage truncate:
                    yield return new PgTruncateChange(
                        lsn,
                        [.. truncate.Relations.Select(RelationOf)],
                        truncate.Options.HasFlag(TruncateMessage.TruncateOptions.Cascade),
                        truncate.Options.HasFlag(TruncateMessage.TruncateOptions.RestartIdentity));
                    break;
                case CommitMessage commit:
                    yield return new PgCommitChange(lsn, commit.CommitLsn, commit.TransactionEndLsn, commit.TransactionCommitTimestamp);
                    break;
                default:
                    // Type and origin messages carry nothing the apply needs (types are known by OID from the relation).
                    break;
            }
        }
    }

    /// <summary>
    /// Tells the server that everything up to <paramref name="lsn"/> is committed on the target and may be released.
    /// Call it only after that commit; it is sent with the next status update (see <see cref="FlushAsync"/>).
    /// </summary>
    public void Confirm(NpgsqlLogSequenceNumber lsn)
    {
        if (lsn > Confirmed)
        {
            Confirmed = lsn;
            _connection.SetReplicationStatus(lsn);
        }
    }

    /// <summary>
    /// While idle, confirms everything the server has sent so far, keepalives included. Without this a slot whose
    /// tables see no writes keeps every WAL segment the rest of the server writes (DBZ-892; pgcopydb #518). Call it
    /// only when no transaction is in flight and every commit received is committed on the target: nothing between
    /// the last commit and the keepalive's position belongs to this stream, so nothing can be skipped by it.
    /// </summary>
    public void ConfirmReceivedWhenIdle() => Confirm(_connection.LastReceivedLsn);

    /// <summary>
    /// Sends the confirmed position now instead of at the next status interval. Only while <see cref="ReadAsync"/> is
    /// streaming (after it yielded a change): before that, Npgsql has no stream to send it on.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _connection.SendStatusUpdate(cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static PgRelation Describe(RelationMessage message)
    {
        var columns = new List<PgRelationColumn>();
        foreach (var column in message.Columns)
        {
            columns.Add(new PgRelationColumn(
                column.ColumnName, column.DataTypeId, column.TypeModifier, (column.Flags & RelationMessage.Column.ColumnFlags.PartOfKey) != 0));
        }

        var identity = message.ReplicaIdentity switch
        {
            RelationMessage.ReplicaIdentitySetting.Nothing => PgReplicaIdentity.Nothing,
            RelationMessage.ReplicaIdentitySetting.AllColumns => PgReplicaIdentity.Full,
            RelationMessage.ReplicaIdentitySetting.IndexWithIndIsReplIdent => PgReplicaIdentity.Index,
            _ => PgReplicaIdentity.Default,
        };

        return new PgRelation(message.RelationId, message.Namespace, message.RelationName, identity, columns);
    }

    private PgRelation RelationOf(RelationMessage message) =>
        _relations.TryGetValue(message.RelationId, out var relation) ? relation : _relations[message.RelationId] = Describe(message);

    /// <summary>Reads every value of a tuple now: Npgsql reuses the message buffers once the next message is read.</summary>
    private static async ValueTask<PgTuple> ReadTupleAsync(ReplicationTuple tuple, CancellationToken cancellationToken)
    {
        var values = new string?[tuple.NumColumns];
        var unchanged = new bool[values.Length];
        var i = 0;
        await foreach (var value in tuple.ConfigureAwait(false).WithCancellation(cancellationToken))
        {
            switch (value.Kind)
            {
                case TupleDataKind.Null:
                    break;
                case TupleDataKind.UnchangedToastedValue:
                    unchanged[i] = true;
                    break;
                default:
                    values[i] = await value.Get<string>(cancellationToken).ConfigureAwait(false);
                    break;
            }

            i++;
        }

        return new PgTuple(values, unchanged);
    }
}
