using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Godwit.Core.Positions;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Schema;
using Godwit.Postgres.Replication;
using Npgsql;
using NpgsqlTypes;

namespace Godwit.Postgres.Source;

/// <summary>
/// A PostgreSQL logical replication slot (pgoutput) as the sync engine's change stream. A pump reads the slot into a
/// channel, so the engine sees at once whether the source is busy; while it is quiet the pump adds a heartbeat at the
/// position the server has sent up to. The slot is told a position is done only through <see cref="Acknowledge"/>,
/// after the target committed it: a restart re-reads exactly what the target does not have (pgcopydb #1033), and an
/// idle stream still releases WAL behind it (DBZ-892).
/// <para>
/// Positions: a transaction's begin carries its commit record's LSN; its rows and recorded DDL carry one past it, so
/// that <see cref="Core.Engines.Sync.CopySnapshotFilter"/> (an event at or before a copy's position is in the copy)
/// holds for a consistent point too. A slot's consistent point is the end of the running-transactions record that made
/// it consistent: a commit record starting exactly there is decoded and streamed, and the exported snapshot does not see
/// it (snapbuild.c, <c>SnapBuildXactNeedsSkip</c>: skipped only when it starts before). Under pgbench about one slot in
/// six had a commit record there, and a keyless table copied at that point lost that transaction's row. Its commit
/// carries the end of the commit record, the resume point (the server starts with the first transaction whose commit
/// lies at or after it).
/// </para>
/// </summary>
internal sealed class PgChangeSource : IChangeSource
{
    /// <summary>How often a quiet stream looks whether the server's position moved.</summary>
    private static readonly TimeSpan QuietPoll = TimeSpan.FromMilliseconds(100);

    private readonly PgLogicalStream _stream;
    private readonly NpgsqlConnection _catalog;
    private readonly Channel<ChangeEvent> _events = Channel.CreateBounded<ChangeEvent>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<uint, ChangeTable> _tables = [];
    private readonly Dictionary<(uint Oid, int Modifier), string> _types = [];
    private readonly NpgsqlLogSequenceNumber _start;
    private readonly TimeSpan _heartbeat;
    private SourceDatabase _schema;
    private Task _pump = Task.CompletedTask;
    private StreamPosition? _transaction;
    private StreamPosition? _inTransaction;
    private DateTimeOffset _commitTime;

    private PgChangeSource(PgLogicalStream stream, NpgsqlConnection catalog, NpgsqlLogSequenceNumber start, TimeSpan heartbeat, SourceDatabase schema)
    {
        _stream = stream;
        _catalog = catalog;
        _start = start;
        _heartbeat = heartbeat;
        _schema = schema;
    }

    public StreamPosition? Checkpoint { get; private set; }

    public static async Task<PgChangeSource> StartAsync(Core.Connections.ConnectionUri uri, string slot, ChangeSourceOptions options, CancellationToken cancellationToken)
    {
        var start = new NpgsqlLogSequenceNumber(PgLsnCodec.LsnOf(options.Start.Token)
            ?? throw new PgSourceStreamException($"{options.Start.Token} is not a PostgreSQL WAL position (X/Y)"));
        var catalog = await PgConnectionFactory.OpenAsync(uri, pooled: false, cancellationToken).ConfigureAwait(false);
        try
        {
            await CheckSlotAsync(catalog, slot, start, cancellationToken).ConfigureAwait(false);
            await using (var path = new NpgsqlCommand("SET search_path TO ''", catalog))
            {
                await path.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var stream = await PgLogicalStream.OpenAsync(PgConnectionFactory.ToConnectionString(uri), slot, [slot], options.HeartbeatPeriod, cancellationToken).ConfigureAwait(false);
            var source = new PgChangeSource(stream, catalog, start, options.HeartbeatPeriod, options.Schema);
            source._pump = Task.Run(() => source.PumpAsync(source._stop.Token), CancellationToken.None);
            return source;
        }
        catch
        {
            await catalog.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<ChangeEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        ChangeEvent change;
        if (!_events.Reader.TryRead(out change!))
        {
            try
            {
                change = await _events.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException ex)
            {
                if (ex.InnerException is { } failure)
                {
                    ExceptionDispatchInfo.Capture(failure).Throw();
                }

                return null;
            }
        }

        if (change is ChangeCommit)
        {
            Checkpoint = change.Position;
        }

        return change;
    }

    public void UseSchema(SourceDatabase schema) => _schema = schema;

    public void Acknowledge(StreamPosition committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        if (PgLsnCodec.LsnOf(committed.Token) is { } lsn)
        {
            _stream.Confirm(new NpgsqlLogSequenceNumber(lsn));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The pump's failure was handed to the reader already; disposing only stops it.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        await _catalog.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>
    /// The slot must exist, still hold its WAL, and not be past the position the target has: otherwise changes the
    /// target lacks are gone, and streaming on would lose them without a word.
    /// </summary>
    private static async Task CheckSlotAsync(NpgsqlConnection connection, string slot, NpgsqlLogSequenceNumber start, CancellationToken cancellationToken)
    {
        var status = await PgReplicationSlots.ReadAsync(connection, slot, cancellationToken).ConfigureAwait(false)
            ?? throw new PgSourceStreamException(
                $"the replication slot {slot} is not on the source (dropped, or never made): the changes after {start} can no longer be read. "
                + "Start over with `godwit migrate --restart --if-exists drop`.");
        if (status.WalStatus == "lost")
        {
            throw new PgSourceStreamException(
                $"the replication slot {slot} has lost WAL it needed (wal_status lost; max_slot_wal_keep_size was exceeded): changes after {start} are gone. "
                + "Start over with `godwit migrate --restart --if-exists drop`.");
        }

        if (status.ConfirmedFlushLsn is { } confirmed && confirmed > start)
        {
            throw new PgSourceStreamException(
                $"the replication slot {slot} has released changes up to {confirmed}, past the stream's position {start}: the target lacks what lies between. "
                + "Start over with `godwit migrate --restart --if-exists drop`, or give a later --from.");
        }

        if (!await PgStreamSetup.PublicationExistsAsync(connection, slot, cancellationToken).ConfigureAwait(false))
        {
            throw new PgSourceStreamException($"the publication {slot} is not on the source: run `godwit migrate` (it makes the publication and the slot) first.");
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        // Its own token, so that whatever ends the pump can also end the read in flight.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var changes = _stream.ReadAsync(_start, reading.Token).GetAsyncEnumerator(reading.Token);
        Task<bool>? next = null;
        var beatAt = _start;
        var beatTime = DateTime.UtcNow;
        try
        {
            next = changes.MoveNextAsync().AsTask();
            while (true)
            {
                if (!next.IsCompleted)
                {
                    var quiet = Task.Delay(_heartbeat < QuietPoll ? _heartbeat : QuietPoll, cancellationToken);
                    if (await Task.WhenAny(next, quiet).ConfigureAwait(false) != next)
                    {
                        // Quiet. Whatever the server sent so far is past every transaction whose rows were queued before
                        // this (a transaction's BEGIN carries its first LSN, before its commit). A keepalive that moved it
                        // becomes a heartbeat at once (a cutover's drain waits for exactly that); else one per period.
                        var sent = _stream.LastReceived > _start ? _stream.LastReceived : _start;
                        if (sent > beatAt || DateTime.UtcNow - beatTime >= _heartbeat)
                        {
                            (beatAt, beatTime) = (sent, DateTime.UtcNow);
                            var at = PgLsnCodec.FromLsn((ulong)sent);
                            await _events.Writer.WriteAsync(new ChangeHeartbeat(at, at), cancellationToken).ConfigureAwait(false);
                        }

                        continue;
                    }
                }

                if (!await next.ConfigureAwait(false))
                {
                    break;
                }

                await ConvertAsync(changes.Current, cancellationToken).ConfigureAwait(false);
                next = changes.MoveNextAsync().AsTask();
            }

            _events.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _events.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _events.Writer.TryComplete(ex is PgSourceStreamException ? ex : new PgSourceStreamException($"the PostgreSQL source's replication stream failed: {ex.Message}", ex));
        }
        finally
        {
            // An async iterator must not be disposed while a MoveNextAsync is in flight (the late completion would
            // crash the process): end the read, wait for it, then dispose.
            if (next is { IsCompleted: false })
            {
                await reading.CancelAsync().ConfigureAwait(false);
                try
                {
                    await next.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Ended on purpose; any failure before it was handed to the reader above.
                }
            }

            await changes.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ConvertAsync(PgChange change, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case PgBeginChange begin:
                _transaction = PgLsnCodec.FromLsn((ulong)begin.FinalLsn);
                _inTransaction = PgLsnCodec.FromLsn((ulong)begin.FinalLsn + 1);
                _commitTime = begin.CommitTime;
                await WriteAsync(new ChangeBegin { Position = _transaction }, cancellationToken).ConfigureAwait(false);
                break;
            case PgRelationChange relation:
                _tables[relation.Relation.Id] = await TableAsync(relation.Relation, cancellationToken).ConfigureAwait(false);
                break;
            case PgRowChange { Kind: PgRowChangeKind.Insert } recorded when PgRecordedDdl.IsLog(recorded.Relation):
                await WriteAsync(SchemaChange(PgRecordedDdl.Read(recorded.Relation, recorded.New!)), cancellationToken).ConfigureAwait(false);
                break;
            case PgRowChange log when PgRecordedDdl.IsLog(log.Relation):
                // The DDL log's own upkeep (rows deleted, the table emptied) is no change of the migration's.
                break;
            case PgRowChange row:
                var table = await KnownAsync(row.Relation, cancellationToken).ConfigureAwait(false);
                var keyOnly = row.Relation.ReplicaIdentity == PgReplicaIdentity.Full ? null : row.Relation.Columns;
                var rows = row.Kind switch
                {
                    PgRowChangeKind.Insert => Rows(table, RowChangeKind.Insert, null, new PgRowImage(row.New!, null)),
                    PgRowChangeKind.Update => Rows(
                        table,
                        RowChangeKind.Update,
                        // No old image: the key did not change, and the new image has it.
                        row.Old is { } old ? new PgRowImage(old, keyOnly) : new PgRowImage(row.New!, row.Relation.Columns),
                        new PgRowImage(row.New!, null)),
                    _ => Rows(table, RowChangeKind.Delete, new PgRowImage(row.Old!, keyOnly), null),
                };
                await WriteAsync(rows, cancellationToken).ConfigureAwait(false);
                break;
            case PgTruncateChange truncate:
                foreach (var relation in truncate.Relations)
                {
                    var truncated = await KnownAsync(relation, cancellationToken).ConfigureAwait(false);
                    await WriteAsync(Rows(truncated, RowChangeKind.Truncate, null, null), cancellationToken).ConfigureAwait(false);
                }

                break;
            case PgCommitChange commit:
                await WriteAsync(new ChangeCommit { Position = PgLsnCodec.FromLsn((ulong)commit.EndLsn) }, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private ValueTask WriteAsync(ChangeEvent change, CancellationToken cancellationToken) => _events.Writer.WriteAsync(change, cancellationToken);

    /// <summary>
    /// A DDL command the source's event trigger recorded, at its place in its transaction. Its position is just past
    /// the start of the transaction's commit record: the server skips a transaction whose commit starts before the
    /// point a stream starts at, so <c>--from</c> it continues after the DDL's transaction (the one a stop names).
    /// <para>
    /// Only a command on the migrated schema ends the engine's transaction there (the engine applies or stops at it);
    /// another schema's passes inside its transaction, so rows around it still commit together.
    /// </para>
    /// </summary>
    private ChangeSchema SchemaChange(PgRecordedDdl ddl)
    {
        var classified = PgDdlRules.Classify(ddl, _schema.Schemas, _schema.EverySchema);
        return new(ddl.Query, _schema.Schemas[0], classified, endsTransaction: classified.Actions.Count > 0 || !classified.IsUnderstood)
        {
            Position = _inTransaction,
        };
    }

    private PgChangeRows Rows(ChangeTable table, RowChangeKind kind, PgRowImage? before, PgRowImage? after) =>
        new(table, kind, _commitTime, before, after) { Position = _inTransaction };

    private async Task<ChangeTable> KnownAsync(Replication.PgRelation relation, CancellationToken cancellationToken) =>
        _tables.TryGetValue(relation.Id, out var table) ? table : _tables[relation.Id] = await TableAsync(relation, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The table as pgoutput describes it now. Its key is what identifies a row in the old images: the primary key
    /// (identity DEFAULT) or the identity index's columns (both flagged by pgoutput); under identity FULL every column
    /// is flagged, so the key is the primary key the table has, if any.
    /// </summary>
    private async Task<ChangeTable> TableAsync(Replication.PgRelation relation, CancellationToken cancellationToken)
    {
        var columns = new List<LoggedColumn>(relation.Columns.Count);
        for (var i = 0; i < relation.Columns.Count; i++)
        {
            var column = relation.Columns[i];
            columns.Add(new LoggedColumn(column.Name, i, MySqlType.Foreign(await TypeNameAsync(column.TypeOid, column.TypeModifier, cancellationToken).ConfigureAwait(false)), true));
        }

        IReadOnlyList<int> key = relation.ReplicaIdentity switch
        {
            PgReplicaIdentity.Default or PgReplicaIdentity.Index => [.. Enumerable.Range(0, relation.Columns.Count).Where(i => relation.Columns[i].IsKey)],
            PgReplicaIdentity.Full => _schema.FindTable(relation.Schema, relation.Name)?.PrimaryKey is { } pk
                ? [.. pk.Parts.Select(p => columns.FindIndex(c => c.Name == p.Column)).Where(i => i >= 0)]
                : [],
            _ => [],
        };
        return new ChangeTable
        {
            Id = relation.Id, Schema = relation.Schema, Name = relation.Name, Columns = columns, PrimaryKey = key, HasColumnMetadata = true,
            PartitionRoot = await PartitionRootAsync(relation.Id, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The partitioned root of a partition (null for any other table).</summary>
    private async Task<string?> PartitionRootAsync(uint oid, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT r.relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_class r ON r.oid = pg_catalog.pg_partition_root(c.oid) WHERE c.oid = $1 AND c.relispartition",
            _catalog);
        command.Parameters.Add(new NpgsqlParameter { Value = oid, NpgsqlDbType = NpgsqlDbType.Oid });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private async Task<string> TypeNameAsync(uint oid, int modifier, CancellationToken cancellationToken)
    {
        if (_types.TryGetValue((oid, modifier), out var name))
        {
            return name;
        }

        await using var command = new NpgsqlCommand("SELECT format_type($1, $2)", _catalog);
        command.Parameters.Add(new NpgsqlParameter { Value = oid, NpgsqlDbType = NpgsqlDbType.Oid });
        command.Parameters.Add(new NpgsqlParameter { Value = modifier });
        name = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        _types[(oid, modifier)] = name;
        return name;
    }
}
