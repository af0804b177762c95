using System.Globalization;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Microsoft.Extensions.Logging;

namespace Godwit.Core.Engines.Sync;

/// <summary>One connected attempt of the <see cref="SyncEngine"/>: from the saved position until caught up, cut over, stopped, or a connection fails.</summary>
internal sealed class SyncAttempt(SyncEngine engine, StreamPosition? goal)
{
    private static readonly TimeSpan CutoverCheckInterval = TimeSpan.FromSeconds(1);
    private readonly SyncEngineOptions _options = engine.Options;
    private readonly Dictionary<ulong, (ChangeTable Logged, IApplyTable? Table)> _tables = [];
    private IApplySession? _session;
    private IChangeSource? _changes;
    private SyncCommitter _commits = null!;
    private SourceModel _model = null!;
    private CopySnapshotFilter _copied = null!;
    private string _stream = string.Empty;
    private DateTimeOffset _cutoverCheckedAt = DateTimeOffset.MinValue;
    private bool _midTransaction;

    /// <summary>Whether the transaction being read has had row events yet (a DDL inside one must come before them).</summary>
    private bool _rowsInTransaction;

    /// <summary>How long the source may send nothing at all, heartbeats included, before its connection is presumed dead.</summary>
    private TimeSpan Liveness => TimeSpan.FromTicks(Math.Max(_options.HeartbeatPeriod.Ticks * 5, TimeSpan.FromSeconds(10).Ticks));

    public async Task<SyncOutcome> RunAsync(RetryBackoff backoff, CancellationToken ct)
    {
        _model = await SourceModel.LoadAsync(engine.Source, _options.Mapper, _options.Spec, ct).ConfigureAwait(false);
        _stream = _options.Stream ?? _model.Plan.TargetSchema;
        var session = await engine.Target.OpenAsync(_stream, ct).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            _session = session;
            _commits = new SyncCommitter(engine, session, _stream);
            await session.EnsureStateAsync(ct).ConfigureAwait(false);
            if (await session.SwitchedCutoverAsync(_model.Plan.TargetSchema, ct).ConfigureAwait(false) is { } cutover)
            {
                throw new SyncException(
                    $"{_model.Plan.TargetSchema} was cut over to the target (godwit.cutovers id {cutover.ToString(CultureInfo.InvariantCulture)}): the application writes there now, "
                    + "and the stream must not apply the old source on top of it. `godwit sync --reverse` applies the target's changes back to the source; "
                    + "to start over instead, `godwit migrate --restart --discard-cutover`.");
            }

            await session.LockAsync(ct).ConfigureAwait(false);
            var start = await session.ResolveStartAsync(new StreamStartRequest(_model.Database.Name, _model.Plan.TargetSchema, engine.TakeExplicitStart()), ct).ConfigureAwait(false);
            _commits.Committed = start.Committed;
            _copied = new CopySnapshotFilter(engine.Codec, await session.CopySnapshotsAsync(ct).ConfigureAwait(false));
            await session.PrepareAsync(_model, ct).ConfigureAwait(false);
            var changes = await engine.Source.OpenChangesAsync(
                new ChangeSourceOptions
                {
                    Start = start.Start,
                    StreamKey = StreamKeys.Of(engine.Target, _stream),
                    ReaderId = _options.ReaderId,
                    HeartbeatPeriod = _options.HeartbeatPeriod,
                    Schema = _model.Database,
                },
                ct).ConfigureAwait(false);
            await using (changes.ConfigureAwait(false))
            {
                _changes = changes;
                _commits.OnCommitted = changes.Acknowledge;
                engine.Logger.LogInformation("godwit: sync: stream {Stream} from {Start}", _stream, engine.Codec.Format(start.Start));
                await session.SetStatusAsync("running", null, ct).ConfigureAwait(false);
                _commits.ResetOnCommit(backoff);
                try
                {
                    return await LoopAsync(changes, ct).ConfigureAwait(false);
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    // Stopped while inside a source transaction (or waiting for one): drop the open target transaction;
                    // the source transactions in it are applied again on resume.
                    await session.RollbackAsync().ConfigureAwait(false);
                    await BestEffortStatusAsync("stopped").ConfigureAwait(false);
                    return SyncOutcome.Stopped;
                }
            }
        }
    }

    /// <summary>Records the failure that ended this attempt in the stream's state, on a connection of its own.</summary>
    public async Task RecordErrorAsync(string message, bool fatal)
    {
        if (_session is null || _stream.Length == 0)
        {
            return;
        }

        await engine.Target.TryRecordStatusAsync(_stream, fatal ? "error" : "reconnecting", message, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<SyncOutcome> LoopAsync(IChangeSource changes, CancellationToken ct)
    {
        // Caught up only counts once the source has answered (it may refuse the position).
        var answered = false;
        while (true)
        {
            var next = changes.ReadAsync(ct);
            ChangeEvent? change;
            if (next.IsCompleted)
            {
                change = await next.ConfigureAwait(false);
            }
            else
            {
                // Nothing buffered: the source is quiet for now. Commit what is complete, so an idle stream never holds
                // applied changes back, then wait.
                var pending = next.AsTask();
                if (!_midTransaction)
                {
                    // Between transactions the source's checkpoint also moves past rotations and skipped events.
                    if (changes.Checkpoint is { } at)
                    {
                        _commits.Advance(at);
                    }

                    await _commits.CommitAsync(idle: true).ConfigureAwait(false);
                    if (await CutOverAsync(ct).ConfigureAwait(false) is { } cutover)
                    {
                        engine.Logger.LogInformation(
                            "godwit: sync: the target was cut over (godwit.cutovers id {Cutover}); stream {Stream} stops: the target is the primary now",
                            cutover.ToString(CultureInfo.InvariantCulture),
                            _stream);
                        Abandon(pending);
                        await BestEffortStatusAsync("stopped").ConfigureAwait(false);
                        return SyncOutcome.CutOver;
                    }

                    if (answered && _commits.CaughtUp(goal))
                    {
                        Abandon(pending);
                        return SyncOutcome.CaughtUp;
                    }
                }

                try
                {
                    change = await pending.WaitAsync(Liveness, ct).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Heartbeats are due every HeartbeatPeriod even when the source is idle: this long without a byte,
                    // the connection is dead (a partition, a frozen route), however healthy it looks.
                    Abandon(pending);
                    throw new SourceStalledException(Liveness, _options.HeartbeatPeriod);
                }
            }

            answered = true;
            if (change is null)
            {
                // A blocking stream ends only when the source goes away: keep what is applied, then reconnect.
                await _commits.CommitAsync(idle: true).ConfigureAwait(false);
                throw new SourceStreamEndedException();
            }

            await HandleAsync(change, ct).ConfigureAwait(false);
            if (change.EndsTransaction)
            {
                _midTransaction = false;
                _rowsInTransaction = false;
                _commits.TransactionEnded(changes.Checkpoint);
                if (ct.IsCancellationRequested)
                {
                    await _commits.CommitAsync(idle: false, wait: true).ConfigureAwait(false);
                    await BestEffortStatusAsync("stopped").ConfigureAwait(false);
                    return SyncOutcome.Stopped;
                }

                if (_commits.ShouldCommit())
                {
                    await _commits.CommitAsync(idle: false).ConfigureAwait(false);
                    if (_commits.CaughtUp(goal))
                    {
                        await _commits.FinishAsync().ConfigureAwait(false);
                        return SyncOutcome.CaughtUp;
                    }
                }
            }
        }
    }

    /// <summary>A read the stream no longer waits for: its failure, if any, is observed and dropped.</summary>
    private static void Abandon(Task<ChangeEvent?> pending) =>
        _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>
    /// The id of a cutover that switched this schema's application to the target, or null; asked at most once a
    /// second, only between apply transactions (never inside one).
    /// </summary>
    private async Task<long?> CutOverAsync(CancellationToken ct)
    {
        if (DateTimeOffset.UtcNow - _cutoverCheckedAt < CutoverCheckInterval)
        {
            return null;
        }

        _cutoverCheckedAt = DateTimeOffset.UtcNow;
        return await _session!.SwitchedCutoverAsync(_model.Plan.TargetSchema, ct).ConfigureAwait(false);
    }

    private async Task HandleAsync(ChangeEvent change, CancellationToken ct)
    {
        switch (change)
        {
            case ChangeHeartbeat heartbeat:
                _commits.Heartbeat(heartbeat.Head, heartbeat.ResumePoint, _midTransaction);
                return;
            case ChangeBegin:
                _midTransaction = true;
                return;
            case ChangeRows rows:
                _midTransaction = true;
                _rowsInTransaction = true;
                await ApplyRowsAsync(rows, ct).ConfigureAwait(false);
                return;
            case ChangeSchema schema when schema.EndsTransaction:
                await SchemaChangeAsync(schema, ct).ConfigureAwait(false);
                return;
            case ChangeSchema schema when !_rowsInTransaction && schema.Ddl.Actions.Any(a => a.Kind == SourceDdlKind.CreateTable):
                // CREATE TABLE … SELECT is logged as one transaction: the CREATE TABLE (its columns spelt out), then the
                // selected rows as row events. The table is made first, inside it, before any of its rows.
                _midTransaction = true;
                await SchemaChangeAsync(schema, ct).ConfigureAwait(false);
                return;
            default:
                return;
        }
    }

    private async Task ApplyRowsAsync(ChangeRows rows, CancellationToken ct)
    {
        _commits.SawEventAt(rows.Time);
        if (Applier(rows.Table) is not { } table)
        {
            // Another schema's (or an excluded table's) change: passed over, but the position still moves past it.
            return;
        }

        if (_copied.AlreadyCopied(_model.Database.KeyOf(rows.Table.Schema, rows.Table.Name), rows))
        {
            // Before this table's copy snapshot: the copied rows hold this change already.
            return;
        }

        _commits.CountEvent();
        var session = _session!;
        await session.BeginAsync(ct).ConfigureAwait(false);
        var filter = _options.RowFilter;
        while (rows.ReadRow())
        {
            var kind = filter is null ? rows.Kind : filter.ApplyAs(rows.Table, rows.Kind, rows.Before, rows.After);
            if (kind is null)
            {
                continue;
            }

            switch (kind)
            {
                case RowChangeKind.Insert:
                    await table.AddInsertAsync(rows.After!, ct).ConfigureAwait(false);
                    _commits.CountRow(SyncRowKind.Insert);
                    break;
                case RowChangeKind.Update:
                    await table.AddUpdateAsync(rows.Before!, rows.After!, ct).ConfigureAwait(false);
                    _commits.CountRow(SyncRowKind.Update);
                    break;
                case RowChangeKind.Truncate:
                    await table.AddTruncateAsync(ct).ConfigureAwait(false);
                    break;
                default:
                    await table.AddDeleteAsync(rows.Before!, ct).ConfigureAwait(false);
                    _commits.CountRow(SyncRowKind.Delete);
                    break;
            }

            await session.FlushIfFullAsync(ct).ConfigureAwait(false);
        }
    }

    private IApplyTable? Applier(ChangeTable logged)
    {
        if (_tables.TryGetValue(logged.Id, out var cached) && ReferenceEquals(cached.Logged, logged))
        {
            return cached.Table;
        }

        IApplyTable? table = null;
        if (_model.Database.HasSchema(logged.Schema))
        {
            table = _session!.Table(logged, _model);
            if (table is { HasKey: false } && engine.KeylessWarned.Add(table.SourceName))
            {
                engine.Logger.LogWarning("godwit: sync: warning: {Table} has no primary key: changes match on all columns, and a replay may duplicate inserts", table.SourceName);
            }
        }

        _tables[logged.Id] = (logged, table);
        return table;
    }

    private async Task SchemaChangeAsync(ChangeSchema change, CancellationToken ct)
    {
        var database = _model.Database;
        var ddl = change.Ddl;

        // A schema made on the source is the migration's when it moves every schema (a PostgreSQL source named by
        // database alone): made on the target, and its tables followed from then on.
        bool Ours(string schema) => database.HasSchema(schema) || (database.EverySchema && schema == ddl.NewSchema);
        var ours = ddl.Tables.Any(t => Ours(t.In(change.DefaultSchema)))
            || ddl.Actions.Any(a => a.NewTable is { } n && Ours(n.In(change.DefaultSchema)));
        if (!ours)
        {
            return;
        }

        var where = change.Position is { } at ? engine.Codec.Format(at) : "?";
        var statement = Shorten(change.Statement);
        if (_options.OnDdl == OnDdlMode.Stop && ddl.IsUnderstood && ddl.Actions.Count == 0)
        {
            // Nothing the target stores changes (ALTER TABLE … AUTO_INCREMENT = N, ENGINE, COMMENT): nothing to stop
            // for. Godwit's own identity moves are such statements (a tenant switch or rollback raising a counter on
            // this server), and must not stop the streams of the other tenants moving from or back into it.
            engine.Logger.LogDebug("godwit: sync: passed over DDL at {Where} that changes nothing the target stores: {Statement}", where, statement);
            return;
        }

        if (_options.OnDdl == OnDdlMode.Ignore)
        {
            engine.Logger.LogWarning("godwit: sync: warning: ignored DDL at {Where} (--on-ddl ignore): {Statement}", where, statement);
            return;
        }

        if (_options.OnDdl == OnDdlMode.Stop || !ddl.IsUnderstood)
        {
            await _commits.CommitAsync(idle: false, wait: true).ConfigureAwait(false);
            var why = _options.OnDdl == OnDdlMode.Stop ? "--on-ddl stop" : $"the statement is not understood ({ddl.Unsupported})";
            var committed = _commits.Committed is { } c ? engine.Codec.Format(c) : "the start";
            throw new SyncStoppedException(
                $"stopped before the DDL at {where} ({why}): {statement}. The target holds everything before it (position {committed}). "
                + $"Make the same change on the target by hand and restart with --from {Resume(change)} to continue after it, "
                + "or restart with --on-ddl ignore to pass over it.");
        }

        var after = await SourceModel.LoadAsync(engine.Source, _options.Mapper, _options.Spec, ct).ConfigureAwait(false);
        var actions = ddl.Actions
            .Where(a => Ours(a.Table.In(change.DefaultSchema)))
            .ToList();
        var outcome = await _session!.ApplySchemaChangeAsync(after, actions, where, Warn, ct).ConfigureAwait(false);
        if (outcome.Unsupported is { } reason)
        {
            await _commits.CommitAsync(idle: false, wait: true).ConfigureAwait(false);
            throw new SyncStoppedException(
                $"stopped before the DDL at {where}: {reason}: {statement}. The target holds everything before it. "
                + $"Make the change on the target by hand and restart with --from {Resume(change)}, or use --on-ddl ignore.");
        }

        _model = after;
        _tables.Clear();
        _commits.CountDdl();
        _changes!.UseSchema(after.Database);
        engine.Logger.LogInformation(
            "godwit: sync: applied DDL at {Where}: {Statement}{Note}", where, statement, outcome.Statements == 0 ? " (nothing to change on the target)" : string.Empty);
    }

    private void Warn(string message)
    {
#pragma warning disable CA2254 // The apply's warnings are composed already (and masked on output), not templates.
        engine.Logger.LogWarning(message);
#pragma warning restore CA2254
    }

    private string Resume(ChangeSchema change) => change.Position is { } at ? engine.Codec.Format(at) : "FILE:POS";

    private async Task BestEffortStatusAsync(string status)
    {
        try
        {
            await _session!.SetStatusAsync(status, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Best effort: the stop itself is what matters.
        }
    }

    private static string Shorten(string sql)
    {
        var oneLine = string.Join(' ', sql.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return oneLine.Length <= 200 ? oneLine : string.Concat(oneLine.AsSpan(0, 200), "…");
    }
}
