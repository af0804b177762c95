using System.Globalization;
using System.Text;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.MySql;
using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;
using Godwit.Postgres.Apply;
using Godwit.Postgres.Copy;
using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Sync;

/// <summary>
/// The change stream: reads the source's binlog from the target's saved position and applies each source
/// transaction to PostgreSQL atomically, many source transactions per target transaction, with the position
/// (<c>godwit.sync_state</c>) committed in the same target transaction, so every source transaction is
/// applied exactly once across crashes. A lost source or target connection reconnects with backoff and
/// resumes from the committed position. <c>godwit migrate --follow</c> can call
/// <c>new SyncRunner(options, metrics, log).RunAsync(ct)</c> after the copy: with no saved stream it starts at
/// the copy's <c>godwit.cdc_start</c>.
/// </summary>
public sealed class SyncRunner
{
    private readonly SyncRunOptions _options;
    private readonly SyncMetrics _metrics;
    private readonly ILogger _logger;
    private readonly MySqlConnectionSettings _settings;
    private readonly string _database;
    private readonly HashSet<string> _keylessWarned = new(StringComparer.Ordinal);
    private bool _explicitStartUsed;

    public SyncRunner(SyncRunOptions options, SyncMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _settings = MySqlConnectionSettings.FromUri(options.Source);
        _database = options.Source.Database ?? throw new ArgumentException("the source URI must name the database", nameof(options));
    }

    /// <summary>Streams until caught up (with <see cref="SyncRunOptions.UntilCaughtUp"/>) or cancelled; throws on an error a reconnect cannot cure.</summary>
    public async Task<SyncOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var goal = _options.UntilCaughtUp ? await SourceHeadAsync(cancellationToken) : null;
        var backoff = new RetryBackoff(_options.MaxReconnectDelay);
        while (true)
        {
            var stream = new SyncStream(this, goal);
            try
            {
                return await stream.RunAsync(backoff, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return SyncOutcome.Stopped;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && SyncErrors.TransientKind(ex) is { } kind)
            {
                _metrics.CountError(kind);
                _metrics.CountReconnect(DateTimeOffset.UtcNow);
                var delay = backoff.NextDelay();
                _logger.LogWarning("godwit: sync: {Reason}; reconnecting in {Delay} s", SyncErrors.Describe(kind, ex), delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
                await stream.RecordErrorAsync(kind, ex);
                await Task.Delay(delay, cancellationToken);
            }
            catch (Exception ex)
            {
                _metrics.CountError(ex is SyncStoppedException ? "ddl" : "fatal");
                await stream.RecordErrorAsync("fatal", ex);
                throw;
            }
        }
    }

    /// <summary>The source's binlog head now (SHOW MASTER STATUS).</summary>
    internal async Task<BinlogPosition> SourceHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(_settings with { Database = null }, cancellationToken);
        return await BinlogHead.ReadAsync(connection, cancellationToken)
            ?? throw new CliException("SHOW MASTER STATUS returned nothing: the source's binary log is off (set log_bin).");
    }

    /// <summary>One connected attempt: from the saved position until caught up, stopped, or the connection fails.</summary>
    private sealed class SyncStream(SyncRunner runner, BinlogPosition? goal)
    {
        private readonly SyncRunOptions _options = runner._options;
        private readonly SyncMetrics _metrics = runner._metrics;
        private readonly Dictionary<ulong, PgApplyTable?> _tables = [];
        private readonly BinlogRowView _before = new();
        private readonly BinlogRowView _after = new();
        private PgApplySession? _session;
        private SourceModel _model = null!;
        private CopySnapshotFilter _copied = CopySnapshotFilter.None;
        private RetryBackoff? _backoff;
        private PgTargetCatalog _catalog = null!;

        /// <summary>Target tables whose changes may be applied as a net effect (<see cref="PgNetChangeEligibility"/>).</summary>
        private IReadOnlySet<string> _netEligible = new HashSet<string>();
        private string _stream = string.Empty;
        private BinlogCheckpoint? _checkpoint;
        private BinlogPosition? _committed;

        /// <summary>The commit running on the target, not yet recorded (<see cref="FinishCommitAsync"/>).</summary>
        private SubmittedCommit? _submitted;
        private BinlogPosition? _sourceHead;
        private DateTimeOffset? _lastEventTime;
        private DateTimeOffset _lastCommit = DateTimeOffset.UtcNow;
        private static readonly TimeSpan CutoverCheckInterval = TimeSpan.FromSeconds(1);
        private DateTimeOffset? _batchStarted;
        private DateTimeOffset _cutoverCheckedAt = DateTimeOffset.MinValue;
        private long _events;
        private long _rows;
        private long _transactions;
        private bool _midTransaction;

        /// <summary>Whether the transaction being read has had row events yet (a DDL inside one must come before them).</summary>
        private bool _rowsInTransaction;
        private bool _dirty;

        public async Task<SyncOutcome> RunAsync(RetryBackoff backoff, CancellationToken ct)
        {
            _model = await SourceModel.LoadAsync(runner._settings, runner._database, _options.Spec, ct);
            _stream = _options.Stream ?? _model.Plan.TargetSchema;
            await using var session = await PgApplySession.OpenAsync(_options.Target, ct);
            _session = session;
            await PgSyncStateStore.EnsureAsync(session.Connection, ct);
            if (await CutOverAsync(ct) is { } cutover)
            {
                throw new CliException(
                    $"{_model.Plan.TargetSchema} was cut over to the target (godwit.cutovers id {cutover.ToString(CultureInfo.InvariantCulture)}): the application writes there now, "
                    + "and the stream must not apply the old source on top of it. Start over with `godwit migrate --restart --discard-cutover`.");
            }

            await StreamStartup.LockAsync(session, _stream, ct);

            // Only the first connection uses --from; a reconnect resumes from what has been committed since.
            var explicitStart = runner._explicitStartUsed ? null : _options.Start;
            runner._explicitStartUsed = true;
            (var start, _committed) = await StreamStartup.ResolveAsync(session, _stream, runner._database, _model.Plan.TargetSchema, explicitStart, _options.Target, ct);
            _copied = new CopySnapshotFilter(await PgCopyStore.ReadSingleChunkSnapshotsAsync(session.Connection, _stream, ct));
            (_catalog, _netEligible) = await StreamSchemaChange.ReadTargetAsync(session, _model.Plan.TargetSchema, ct);
            var hints = new BinlogColumnHints();
            _model.FillHints(hints);
            var serverId = _options.ServerId ?? StableServerId(_options.Target, _stream);
            await using var client = await BinlogClient.StartAsync(
                runner._settings,
                new BinlogClientOptions { ServerId = serverId, Start = start, HeartbeatPeriod = _options.HeartbeatPeriod, ColumnHints = hints },
                ct);
            Log($"godwit: sync: stream {_stream} from {start} (replica server id {serverId.ToString(CultureInfo.InvariantCulture)})");
            await PgSyncStateStore.SetStatusAsync(session.Connection, _stream, "running", null, ct);
            // The backoff resets on the first commit that gets through, not on connecting: a target that takes the
            // connection but fails every commit (a full disk) must be retried ever more slowly.
            _backoff = backoff;
            try
            {
                return await LoopAsync(client, hints, ct);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                // Stopped while inside a source transaction (or waiting for one): drop the open target transaction;
                // the source transactions in it are applied again on resume.
                await session.RollbackAsync();
                await BestEffortStatusAsync("stopped", null);
                return SyncOutcome.Stopped;
            }
        }

        public async Task RecordErrorAsync(string kind, Exception ex)
        {
            var message = kind == "fatal" ? GodwitCli.Describe(ex) : SyncErrors.Describe(kind, ex);
            if (_session is null || _stream.Length == 0)
            {
                return;
            }

            try
            {
                // A fresh connection: the apply connection may be what failed.
                await using var connection = await Postgres.PgConnectionFactory.OpenAsync(_options.Target, CancellationToken.None);
                await PgSyncStateStore.SetStatusAsync(connection, _stream, kind == "fatal" ? "error" : "reconnecting", message, CancellationToken.None);
            }
            catch (Exception inner) when (SyncErrors.TransientKind(inner) is not null || inner is Npgsql.NpgsqlException)
            {
                // The target is down: the error is on stderr and in the metrics.
            }
        }

        /// <summary>A line of the stream's log, at the level its words give (<see cref="Logging.DiagnosticLevel"/>).</summary>
        private void Log(string message)
        {
#pragma warning disable CA2254 // The stream's lines are composed already (and masked on output), not templates.
            runner._logger.Log(Logging.DiagnosticLevel.Of(message), message);
#pragma warning restore CA2254
        }

        /// <summary>
        /// The id of a cutover that switched this schema's application to the target, or null. Asked on the apply
        /// connection, only between apply transactions (never inside one).
        /// </summary>
        private async Task<long?> CutOverAsync(CancellationToken ct) =>
            await _session!.RunAsync((c, _, t) => Postgres.Cutover.PgCutoverStore.LatestAsync(c, _model.Plan.TargetSchema, t), ct) is { Result: "switched" } done ? done.Id : null;

        private async Task<SyncOutcome> LoopAsync(BinlogClient client, BinlogColumnHints hints, CancellationToken ct)
        {
            // Caught up only counts once the source has answered the dump (it may refuse the position).
            var answered = false;
            while (true)
            {
                var next = client.ReadAsync(ct);
                BinlogEvent? binlogEvent;
                if (next.IsCompleted)
                {
                    binlogEvent = await next;
                }
                else
                {
                    // Nothing buffered: the source is quiet for now. Commit what is complete, so an idle stream
                    // never holds applied changes back, then wait.
                    var pending = next.AsTask();
                    if (!_midTransaction)
                    {
                        // Between transactions the client's checkpoint also moves past rotations and skipped events.
                        if (client.Checkpoint.Position is { } at && (_checkpoint?.Position is null || BinlogPositionOrder.Compare(at, _checkpoint.Position) > 0))
                        {
                            _checkpoint = client.Checkpoint;
                            _dirty = true;
                        }

                        await CommitAsync(idle: true);
                        if (DateTimeOffset.UtcNow - _cutoverCheckedAt >= CutoverCheckInterval)
                        {
                            // Quiet (the source is frozen, say): has a cutover switched the application to the target?
                            _cutoverCheckedAt = DateTimeOffset.UtcNow;
                            if (await CutOverAsync(ct) is { } cutover)
                            {
                                Log($"godwit: sync: the target was cut over (godwit.cutovers id {cutover.ToString(CultureInfo.InvariantCulture)}); stream {_stream} stops: the target is the primary now");
                                await client.DisposeAsync();
                                _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                                await BestEffortStatusAsync("stopped", null);
                                return SyncOutcome.CutOver;
                            }
                        }

                        if (answered && CaughtUp())
                        {
                            await client.DisposeAsync();
                            _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                            return SyncOutcome.CaughtUp;
                        }
                    }

                    try
                    {
                        binlogEvent = await pending.WaitAsync(Liveness, ct);
                    }
                    catch (TimeoutException)
                    {
                        // Heartbeats are due every HeartbeatPeriod even when the source is idle: this long without
                        // a byte, the connection is dead (a partition, a frozen route), however healthy it looks.
                        _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                        throw new SourceStalledException(Liveness, _options.HeartbeatPeriod);
                    }
                }

                answered = true;
                if (binlogEvent is null)
                {
                    // A blocking dump ends only when the source goes away: keep what is applied, then reconnect.
                    await CommitAsync(idle: true);
                    throw new SourceStreamEndedException();
                }

                await HandleAsync(binlogEvent, hints, ct);
                if (binlogEvent.EndsTransaction)
                {
                    _midTransaction = false;
                    _rowsInTransaction = false;
                    _checkpoint = client.Checkpoint;
                    _transactions++;
                    _dirty = true;
                    if (ct.IsCancellationRequested)
                    {
                        await CommitAsync(idle: false, wait: true);
                        await BestEffortStatusAsync("stopped", null);
                        return SyncOutcome.Stopped;
                    }

                    if (ShouldCommit())
                    {
                        await CommitAsync(idle: false);
                        if (CaughtUp())
                        {
                            await FinishCommitAsync();
                            return SyncOutcome.CaughtUp;
                        }
                    }
                }
            }
        }

        /// <summary>How long the source may send nothing at all, heartbeats included, before its connection is presumed dead.</summary>
        private TimeSpan Liveness => TimeSpan.FromTicks(Math.Max(_options.HeartbeatPeriod.Ticks * 5, TimeSpan.FromSeconds(10).Ticks));

        private bool ShouldCommit() =>
            _transactions >= _options.MaxTransactionsPerCommit
            || _rows >= 50_000
            || (_batchStarted is { } started && DateTimeOffset.UtcNow - started >= _options.MaxCommitDelay);

        private bool CaughtUp() => goal is not null && _committed is not null && BinlogPositionOrder.Compare(_committed, goal) >= 0;

        private async Task HandleAsync(BinlogEvent binlogEvent, BinlogColumnHints hints, CancellationToken ct)
        {
            switch (binlogEvent)
            {
                case HeartbeatEvent heartbeat:
                    _sourceHead = new BinlogPosition(heartbeat.FileName, heartbeat.SourcePosition);
                    if (!_midTransaction && (_checkpoint?.Position is null || BinlogPositionOrder.Compare(_sourceHead, _checkpoint.Position) > 0))
                    {
                        // Idle between transactions: everything up to the source's head has been read, so it is a safe resume point.
                        _checkpoint = new BinlogCheckpoint(_sourceHead, _checkpoint?.Gtids);
                        _dirty = true;
                    }

                    UpdateBehind();
                    return;
                case MariaDbGtidEvent or MySqlGtidEvent or TableMapEvent:
                    _midTransaction = true;
                    return;
                case QueryEvent { IsBegin: true }:
                    _midTransaction = true;
                    return;
                case RowsEvent rows:
                    _midTransaction = true;
                    _rowsInTransaction = true;
                    await ApplyRowsAsync(rows, ct);
                    return;
                case QueryEvent query when binlogEvent.EndsTransaction && !query.IsCommit && !query.IsRollback:
                    await DdlAsync(query, hints, ct);
                    return;
                case QueryEvent query when !query.IsCommit && !query.IsRollback && !_rowsInTransaction && IsCreateTable(query):
                    // CREATE TABLE … SELECT is logged as one transaction: the CREATE TABLE (its columns spelt out), then
                    // the selected rows as row events. The table is made first, inside it, before any of its rows.
                    await DdlAsync(query, hints, ct);
                    return;
                default:
                    return;
            }
        }

        private async Task ApplyRowsAsync(RowsEvent rows, CancellationToken ct)
        {
            var table = Applier(rows.Table);
            _lastEventTime = rows.Header.Time;
            if (table is null)
            {
                // Another database's (or an excluded table's) change: passed over, but the position still moves past it.
                return;
            }

            if (_copied.AlreadyCopied(rows.Table.Table, rows.Position))
            {
                // Before this table's copy snapshot: the copied rows hold this change already.
                return;
            }

            _events++;
            _metrics.CountEvent();

            var session = _session!;
            await session.BeginAsync(ct);
            _batchStarted ??= DateTimeOffset.UtcNow;
            while (rows.ReadRow())
            {
                switch (rows.Kind)
                {
                    case RowsEventKind.Insert:
                        await table.AddInsertAsync(session, _after.Over(rows.After!), ct);
                        _metrics.CountRow(SyncRowKind.Insert);
                        break;
                    case RowsEventKind.Update:
                        await table.AddUpdateAsync(session, _before.Over(rows.Before!), _after.Over(rows.After!), ct);
                        _metrics.CountRow(SyncRowKind.Update);
                        break;
                    default:
                        await table.AddDeleteAsync(session, _before.Over(rows.Before!), ct);
                        _metrics.CountRow(SyncRowKind.Delete);
                        break;
                }

                _rows++;
                await session.FlushIfFullAsync(ct);
            }
        }

        private PgApplyTable? Applier(BinlogTableMap map)
        {
            if (_tables.TryGetValue(map.TableId, out var cached) && (cached is null || cached.Mapping.Source.Name == map.Table))
            {
                return cached;
            }

            PgApplyTable? table = null;
            if (string.Equals(map.Database, runner._database, StringComparison.Ordinal) && LoggedTableMapping.For(map, _model, _catalog) is { } mapping)
            {
                var columns = _catalog.Table(mapping.Name)?.Columns.Keys.ToHashSet(StringComparer.Ordinal)
                    ?? throw new CliException(
                        $"{mapping.Source.QualifiedName} changes after {_checkpoint?.Position?.ToString() ?? "the start"} but {mapping.QualifiedName} is not on the target: "
                        + "create the schema with `godwit schema` or `godwit migrate` first.");
                table = new PgApplyTable(mapping, [.. map.Columns.Select(c => c.Name)], columns, _session!.Statements, _netEligible.Contains(mapping.Name));
                if (!table.HasKey && runner._keylessWarned.Add(mapping.Source.QualifiedName))
                {
                    Log($"godwit: sync: warning: {mapping.Source.QualifiedName} has no primary key: changes match on all columns, and a replay may duplicate inserts");
                }
            }

            _tables[map.TableId] = table;
            return table;
        }

        private async Task DdlAsync(QueryEvent query, BinlogColumnHints hints, CancellationToken ct)
        {
            var ddl = MySqlDdlParser.Parse(query.Query);
            var ours = ddl.Tables.Any(t => string.Equals(t.In(query.Database), runner._database, StringComparison.Ordinal))
                || ddl.Actions.Any(a => a.NewTable is { } n && string.Equals(n.In(query.Database), runner._database, StringComparison.Ordinal));
            if (!ours)
            {
                return;
            }

            var where = WhereOf(query);
            var statement = Shorten(query.Query);
            if (_options.OnDdl == OnDdlMode.Ignore)
            {
                Log($"godwit: sync: warning: ignored DDL at {where} (--on-ddl ignore): {statement}");
                return;
            }

            if (_options.OnDdl == OnDdlMode.Stop || !ddl.IsUnderstood)
            {
                await CommitAsync(idle: false, wait: true);
                var why = _options.OnDdl == OnDdlMode.Stop ? "--on-ddl stop" : $"the statement is not understood ({ddl.Unsupported})";
                throw new SyncStoppedException(
                    $"stopped before the DDL at {where} ({why}): {statement}. The target holds everything before it (position {_committed}). "
                    + "Make the same change on the target by hand and restart with --from " + (query.Position?.ToString() ?? "FILE:POS") + " to continue after it, "
                    + "or restart with --on-ddl ignore to pass over it.");
            }

            var after = await SourceModel.LoadAsync(runner._settings, runner._database, _options.Spec, ct);
            var actions = ddl.Actions
                .Where(a => string.Equals(a.Table.In(query.Database), runner._database, StringComparison.Ordinal))
                .ToList();
            var change = await new StreamSchemaChange(_options.Spec, Log).ApplyAsync(_session!, after, actions, where, ct);
            if (change.Unsupported is { } reason)
            {
                await CommitAsync(idle: false, wait: true);
                throw new SyncStoppedException(
                    $"stopped before the DDL at {where}: {reason}: {statement}. The target holds everything before it. "
                    + "Make the change on the target by hand and restart with --from " + (query.Position?.ToString() ?? "FILE:POS") + ", or use --on-ddl ignore.");
            }

            (_catalog, _netEligible) = (change.Catalog, change.NetEligible);
            _batchStarted ??= DateTimeOffset.UtcNow;
            _model = after;
            _model.FillHints(hints);
            _tables.Clear();
            _metrics.CountDdl();
            Log($"godwit: sync: applied DDL at {where}: {statement}" + (change.Statements == 0 ? " (nothing to change on the target)" : string.Empty));
        }

        private static bool IsCreateTable(QueryEvent query) =>
            query.Query.TrimStart().StartsWith("CREATE", StringComparison.OrdinalIgnoreCase)
            && MySqlDdlParser.Parse(query.Query).Actions.Any(a => a.Kind == SourceDdlKind.CreateTable);

        private static string WhereOf(BinlogEvent e) => e.Position?.ToString() ?? "?";

        /// <summary>
        /// Commits the open apply transaction with the position of the last complete source transaction. A commit
        /// while busy is pipelined (<see cref="PgApplySession.SubmitCommitAsync"/>): the stream reads on while it
        /// runs, and its bookkeeping (the committed position, metrics) is done once it has completed, at the next
        /// commit at the latest. An idle commit, and one with <paramref name="wait"/>, is waited for.
        /// </summary>
        private async Task CommitAsync(bool idle, bool wait = false)
        {
            var session = _session!;
            await FinishCommitAsync();
            if (!_dirty || _checkpoint?.Position is not { } position)
            {
                return;
            }

            var now = DateTimeOffset.UtcNow;
            var lag = idle || _lastEventTime is null ? TimeSpan.Zero : now - _lastEventTime.Value;
            var seconds = Math.Max((now - _lastCommit).TotalSeconds, 0.001);
            var progress = new SyncProgress
            {
                BinlogFile = position.FileName,
                BinlogPos = position.Position,
                Gtid = _checkpoint.Gtids,
                LastEventTime = _lastEventTime,
                Events = _events,
                Rows = _rows,
                Transactions = _transactions,
                LagSeconds = Math.Max(0, lag.TotalSeconds),
                EventsPerSecond = _events / seconds,
                SourceFile = _sourceHead?.FileName,
                SourcePos = _sourceHead?.Position,
                Status = idle ? "caught-up" : "running",
            };

            // The commit itself is not cancelled: a stop finishes the transaction it has started committing.
            var done = await session.SubmitCommitAsync(PgSyncStateStore.ProgressCommand(_stream, progress), CancellationToken.None);
            _submitted = new SubmittedCommit(done, position, _transactions, now, lag, _lastEventTime);
            _lastCommit = now;
            _batchStarted = null;
            _events = 0;
            _rows = 0;
            _transactions = 0;
            _dirty = false;
            if (idle || wait)
            {
                await FinishCommitAsync();
            }
        }

        /// <summary>Waits for the commit in flight, if any, and records it: the position the target now holds, and the metrics.</summary>
        private async Task FinishCommitAsync()
        {
            if (_submitted is not { } commit)
            {
                return;
            }

            _submitted = null;
            await commit.Done;
            _backoff?.Reset();
            _committed = commit.Position;
            runner._logger.LogDebug("godwit: sync: committed {Transactions} transactions up to {Position}", commit.Transactions, commit.Position);
            _metrics.CountCommit(commit.Transactions, commit.At);
            _metrics.SetLag(commit.Lag);
            if (commit.LastEventTime is { } t)
            {
                _metrics.SetLastEventTime(t);
            }

            UpdateBehind();
        }

        private void UpdateBehind()
        {
            if (_sourceHead is { } head && _committed is { } committed && BinlogPositionOrder.BytesBetween(committed, head) is { } bytes)
            {
                _metrics.SetBytesBehind(bytes);
            }
        }

        private async Task BestEffortStatusAsync(string status, string? error)
        {
            try
            {
                await _session!.RunAsync(
                    async (c, _, t) =>
                    {
                        await PgSyncStateStore.SetStatusAsync(c, _stream, status, error, t);
                        return true;
                    },
                    CancellationToken.None);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or IOException or PgConnectionStalledException)
            {
                // Best effort: the stop itself is what matters.
            }
        }

        private static string Shorten(string sql)
        {
            var oneLine = string.Join(' ', sql.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
            return oneLine.Length <= 200 ? oneLine : string.Concat(oneLine.AsSpan(0, 200), "…");
        }

        /// <summary>A replica id stable for a stream and target (a restarted stream replaces its old dump connection), in a range real replicas rarely use.</summary>
        private static uint StableServerId(ConnectionUri target, string stream)
        {
            var hash = 2166136261u;
            foreach (var b in Encoding.UTF8.GetBytes($"{target.Host}:{target.Port}/{target.Database}/{stream}"))
            {
                hash = (hash ^ b) * 16777619u;
            }

            return 0x40000000u + (hash % 0x3FFFFFFFu);
        }
    }
}
