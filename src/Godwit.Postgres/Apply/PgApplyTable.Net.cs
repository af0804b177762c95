using Godwit.Core.Sync;
using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>The net-effect path of <see cref="PgApplyTable"/> (<see cref="PgNetChanges"/>), and the way into either path.</summary>
public sealed partial class PgApplyTable
{
    private static int s_serial;

    /// <summary>The net effect being collected, and a spare to swap in when it is sealed for a commit in flight.</summary>
    private PgNetChanges? _net;
    private PgNetChanges? _spare;
    private int _serial;

    public ValueTask AddInsertAsync(PgApplySession session, ISourceRowImage after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(after);
        if (_net is not null && IsFull(after))
        {
            _net.Upsert(after);
            session.AddPending(this);
            return ValueTask.CompletedTask;
        }

        return PlainAsync(session, PlainChange.Insert, null, after, cancellationToken);
    }

    public ValueTask AddUpdateAsync(PgApplySession session, ISourceRowImage before, ISourceRowImage after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (_net is not null && IsFull(after) && HasKeyOf(before))
        {
            if (KeyChanged(before, after))
            {
                _net.Delete(before);
            }

            _net.Upsert(after);
            session.AddPending(this);
            return ValueTask.CompletedTask;
        }

        return PlainAsync(session, PlainChange.Update, before, after, cancellationToken);
    }

    public ValueTask AddDeleteAsync(PgApplySession session, ISourceRowImage before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(before);
        if (_net is not null && HasKeyOf(before))
        {
            _net.Delete(before);
            session.AddPending(this);
            return ValueTask.CompletedTask;
        }

        return PlainAsync(session, PlainChange.Delete, before, null, cancellationToken);
    }

    /// <summary>Empties the table after the changes before it are sent (a source's TRUNCATE, in order with its rows).</summary>
    public async ValueTask AddTruncateAsync(PgApplySession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.ExecuteAsync([PgTruncate.Sql(Mapping.QualifiedName)], cancellationToken);
    }

    /// <summary>Takes the net effect collected so far (null when none), and goes on collecting into a fresh one.</summary>
    internal PgNetChanges? SealNet()
    {
        if (_net is not { Count: > 0 } sealedChanges)
        {
            return null;
        }

        _net = _spare ?? NewNet();
        _spare = null;
        return sealedChanges;
    }

    /// <summary>A sealed net effect has been sent (or dropped): emptied, it becomes the spare.</summary>
    internal void ReturnNet(PgNetChanges changes)
    {
        changes.Clear();
        _spare ??= changes;
    }

    /// <summary>A sealed net effect's last states as one statement each, added to the batch (their values are copied).</summary>
    internal void AddLastStates(PgNetChanges net, NpgsqlBatch batch)
    {
        foreach (var (upsert, row) in net.LastStates())
        {
            batch.BatchCommands.Add(upsert ? Upsert(row) : KeyDelete(row));
        }
    }

    /// <summary>Sends a sealed net effect in the open transaction (no savepoint: see below).</summary>
    internal async Task ApplyNetAsync(PgNetChanges net, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (net.Encode() is { } bad)
        {
            throw new PgApplyRowException(
                Mapping.Source.QualifiedName, DescribeKey(bad.Row), bad.Error.Column[(bad.Error.Column.LastIndexOf('.') + 1)..], bad.Error.Value, bad.Error.Reason, bad.Error);
        }

        // No savepoint: subtransactions would give every group its own xid (and past 64 of them PostgreSQL's snapshots
        // overflow). A refused statement aborts the transaction; the session then names the row in one of its own.
        await ExecuteAsync(connection, transaction, net.CreateSql, cancellationToken).ConfigureAwait(false);
        if (net.HasDeletes)
        {
            await net.SendDeletesAsync(connection, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, net.DeleteSql, cancellationToken).ConfigureAwait(false);
        }

        if (net.HasUpserts)
        {
            await net.SendUpsertsAsync(connection, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, net.UpsertSql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets the net effect waiting (its transaction was rolled back; the stream applies those changes again).</summary>
    internal void DiscardNet() => _net?.Clear();

    private PgNetChanges NewNet() => new(Mapping.QualifiedName, _columns, _key, _serial);

    private void EnableNetChanges()
    {
        try
        {
            _serial = Interlocked.Increment(ref s_serial);
            _net = NewNet();
        }
        catch (InvalidOperationException)
        {
            // A column without a binary COPY encoding: this table keeps to one statement per change.
            _net = null;
        }
    }

    private bool IsFull(ISourceRowImage image)
    {
        foreach (var c in _columns)
        {
            if (!image.IsIncluded(c.SourceOrdinal))
            {
                return false;
            }
        }

        return true;
    }

    private bool HasKeyOf(ISourceRowImage image)
    {
        foreach (var k in _key)
        {
            if (!image.IsIncluded(k.SourceOrdinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A change the net effect cannot hold (a partial image): the table's net effect goes first, then the change as a statement of its own.</summary>
    private async ValueTask PlainAsync(PgApplySession session, PlainChange change, ISourceRowImage? before, ISourceRowImage? after, CancellationToken cancellationToken)
    {
        // Any applier of this target table (a new TABLE_MAP id makes another) may hold net effects that come first.
        if (session.HasPendingNet(Mapping.QualifiedName))
        {
            await session.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        switch (change)
        {
            case PlainChange.Insert:
                AddInsert(session.Batch, after!);
                break;
            case PlainChange.Update:
                AddUpdate(session.Batch, before!, after!);
                break;
            default:
                AddDelete(session.Batch, before!);
                break;
        }
    }

    /// <summary>
    /// After PostgreSQL refused the net effect (and its transaction was rolled back): the same last states as one
    /// statement each, in a transaction of their own that is rolled back too, so the refused one is named (table, key,
    /// column, value). Returns when none is refused alone.
    /// </summary>
    internal async Task NameRefusedRowAsync(PgNetChanges net, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (net.Count == 0)
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        AddLastStates(net, batch);

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (_statements?.Name(ex) is { } refused)
        {
            throw refused;
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, transaction);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private enum PlainChange
    {
        Insert,
        Update,
        Delete,
    }
}
