using Godwit.Core.Connections;
using Godwit.Core.Engines.Sync;
using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// The apply connection and its open transaction. Row statements accumulate in an <see cref="NpgsqlBatch"/>
/// that is sent every <see cref="MaxBatchCommands"/> statements, and tables that can take a net effect
/// (<see cref="PgNetChanges"/>) accumulate theirs, so a source transaction of any size streams into the open target
/// transaction in bounded memory; <see cref="SubmitCommitAsync"/> sends the rest together with the position update
/// and commits both at once. The commit is pipelined: it runs on the connection while the stream reads and decodes
/// the next changes into fresh buffers; anything that needs the connection first waits for it (one commit in
/// flight at most), and its failure surfaces there. FK and user triggers do not fire
/// (<c>session_replication_role = replica</c>): the source already enforced them, and rows arrive in the
/// source's commit order, not in an order that satisfies each constraint one statement at a time.
/// </summary>
public sealed class PgApplySession : IAsyncDisposable
{
    /// <summary>The application_name the apply connection shows in pg_stat_activity unless the URI sets one.</summary>
    public const string DefaultApplicationName = "godwit-sync";

    public const int MaxBatchCommands = 1000;

    /// <summary>Net-effect rows waiting in all tables before a flush (<see cref="PgNetChanges"/>).</summary>
    private const int MaxNetRows = 20_000;

    /// <summary>Fewer last states than this in a table go as one statement each (<see cref="SendAsync"/>).</summary>
    private const int MinNetRows = 100;

    private readonly NpgsqlConnection _connection;
    private readonly List<PgApplyTable> _pendingNet = [];
    private int _netChanges;
    private NpgsqlTransaction? _transaction;
    private NpgsqlBatch _batch;

    /// <summary>The commit running on the connection, if any.</summary>
    private Task? _inflight;

    /// <summary>A transaction was asked for while a commit was in flight: it begins when the connection is free.</summary>
    private bool _wantTransaction;

    /// <summary>Completed when the connection is given up for dead (<see cref="PgApplyWatchdog"/>).</summary>
    private readonly TaskCompletionSource _abort = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PgApplyWatchdog? _watchdog;
    private string? _abortReason;

    /// <summary>Operations waiting on the server now, and since when the first of them has.</summary>
    private int _busy;
    private long _busySince;

    private PgApplySession(NpgsqlConnection connection)
    {
        _connection = connection;
        _batch = new NpgsqlBatch(connection);
    }

    /// <summary>The connection, for reads between changes; call <see cref="FlushAsync"/> (or <see cref="DrainAsync"/>) first.</summary>
    public NpgsqlConnection Connection => _connection;

    /// <summary>The row statements' texts, so a statement PostgreSQL refuses is reported with its table, key and column.</summary>
    public PgRowStatements Statements { get; } = new();

    public bool InTransaction => _transaction is not null || _wantTransaction;

    /// <summary>The open transaction, for reads that must see its changes (the catalog after DDL).</summary>
    public NpgsqlTransaction? Transaction => _transaction;

    /// <summary>The batch to add row statements to; call <see cref="BeginAsync"/> first.</summary>
    public NpgsqlBatch Batch => _batch;

    public static async Task<PgApplySession> OpenAsync(ConnectionUri target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var builder = PgConnectionFactory.ToConnectionString(target);
        if (target.GetOption("application_name") is null)
        {
            builder.ApplicationName = DefaultApplicationName;
        }

        // No client-side timeout: a statement may rightly run long (an index a DDL builds, a big group). A dead route
        // is found by the watchdog instead, and TCP keepalives catch a dead peer the watchdog cannot ask about.
        builder.CommandTimeout = 0;
        builder.TcpKeepAlive = true;
        builder.TcpKeepAliveTime = 10;
        builder.TcpKeepAliveInterval = 3;

        // Each table/operation has a handful of statement texts: prepare them once, server side.
        builder.MaxAutoPrepare = 512;
        builder.AutoPrepareMinUsages = 2;
        builder.Pooling = false;

        // The detail of a refused row (Key (id)=(5) already exists) goes into the error that names it; it holds row
        // values, never credentials, and everything printed passes through the secret masking.
        builder.IncludeErrorDetail = true;
        builder.IncludeFailedBatchedCommand = true;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // synchronous_commit off is safe here: a commit lost in a target crash loses its position update with it,
            // so the stream re-applies exactly those transactions. It only trades durability the position makes up for.
            // godwit.apply lets the stream through a cutover's write freeze left on these tables (a rollback leaves
            // PostgreSQL frozen for the application while the stream from the old source goes on; Source/PgWriteFreeze).
            await using var cmd = new NpgsqlCommand(
                "SET session_replication_role = replica; SET statement_timeout = 0; SET synchronous_commit = off; SET godwit.apply = 'on'", connection);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            var session = new PgApplySession(connection);
            session._watchdog = new PgApplyWatchdog(target, connection.ProcessID, session.BusyFor, session.Abort);
            return session;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask BeginAsync(CancellationToken cancellationToken)
    {
        if (_transaction is not null)
        {
            return;
        }

        if (_inflight is not null)
        {
            // The connection is committing the previous group: begin once it is done, not now.
            _wantTransaction = true;
            return;
        }

        await GuardAsync(async ct => _transaction = await _connection.BeginTransactionAsync(ct), cancellationToken);
        _batch.Transaction = _transaction;
        _wantTransaction = false;
    }

    /// <summary>Waits for the commit in flight (its failure is thrown here), then begins the transaction asked for meanwhile.</summary>
    public async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        if (_inflight is { } inflight)
        {
            _inflight = null;
            await inflight;
        }

        if (_wantTransaction)
        {
            await BeginAsync(cancellationToken);
        }
    }

    /// <summary>Sends the batch when it is full (after adding row statements), and the net effects when they are.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _batch.BatchCommands.Count >= MaxBatchCommands || _netChanges >= MaxNetRows ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <summary>A table has a net effect waiting (sent at the next flush).</summary>
    internal void AddPending(PgApplyTable table)
    {
        if (_netChanges++ == 0 || !_pendingNet.Contains(table))
        {
            _pendingNet.Add(table);
        }
    }

    /// <summary>Whether net effects for the target table wait to be sent (from any of its appliers).</summary>
    internal bool HasPendingNet(string qualifiedTable) => _pendingNet.Exists(t => t.Mapping.QualifiedName == qualifiedTable);

    /// <summary>Sends the row statements, then the tables' net effects (a table's net effect never has a statement of its own before it).</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        if (_batch.BatchCommands.Count == 0 && _pendingNet.Count == 0)
        {
            return;
        }

        await BeginAsync(cancellationToken);
        var nets = Seal();
        await GuardAsync(ct => SendAsync(_batch, _transaction!, nets, ct), cancellationToken);
        await _batch.DisposeAsync();
        _batch = new NpgsqlBatch(_connection, _transaction);
    }

    /// <summary>Runs statements in order in the open transaction (DDL; after the pending rows).</summary>
    public async Task ExecuteAsync(IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        await FlushAsync(cancellationToken);
        await BeginAsync(cancellationToken);
        foreach (var sql in statements)
        {
            await using var cmd = new NpgsqlCommand(sql, _connection, _transaction);
            await GuardAsync(ct => cmd.ExecuteNonQueryAsync(ct), cancellationToken);
        }
    }

    /// <summary>
    /// Starts sending what is pending plus <paramref name="progress"/> (the position update) and committing them
    /// together, and returns once it is under way: the returned task completes when the commit has. The commit itself
    /// is not cancelled (a stop finishes the transaction it has started committing).
    /// </summary>
    public ValueTask<Task> SubmitCommitAsync(NpgsqlBatchCommand progress, CancellationToken cancellationToken) =>
        SubmitCommitAsync(progress, null, cancellationToken);

    /// <summary>As above, with statements that go after the position update in the same commit (the stream's samples).</summary>
    public async ValueTask<Task> SubmitCommitAsync(NpgsqlBatchCommand progress, IReadOnlyList<NpgsqlBatchCommand>? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await DrainAsync(cancellationToken);
        await BeginAsync(cancellationToken);
        _batch.BatchCommands.Add(progress);
        foreach (var command in after ?? [])
        {
            _batch.BatchCommands.Add(command);
        }

        var batch = _batch;
        var transaction = _transaction!;
        var nets = Seal();
        _batch = new NpgsqlBatch(_connection);
        _transaction = null;
        _inflight = CommitSealedAsync(batch, transaction, nets);
        return _inflight;
    }

    /// <summary>Drops the open transaction and everything pending (the source transactions in it are applied again on resume).</summary>
    public async Task RollbackAsync()
    {
        if (_inflight is { } inflight)
        {
            _inflight = null;
            try
            {
                await inflight;
            }
            catch (Exception ex) when (ex is NpgsqlException or PgApplyRowException or PgConnectionStalledException or StreamFencedException or InvalidOperationException or IOException or OperationCanceledException)
            {
                // Already reported where it was waited for, or about to be: that commit did not happen.
            }
        }

        _batch.BatchCommands.Clear();
        foreach (var table in _pendingNet)
        {
            table.DiscardNet();
        }

        _pendingNet.Clear();
        _netChanges = 0;
        _wantTransaction = false;
        await EndTransactionAsync(_transaction);
        _transaction = null;
        _batch.Transaction = null;
    }

    /// <summary>
    /// Runs a read or write of the caller's on the apply connection (after the commit in flight, in the open
    /// transaction if any), timed for the watchdog and abandoned by it like the session's own.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction?, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await DrainAsync(cancellationToken);
        var result = default(T)!;
        await GuardAsync(async ct => result = await operation(_connection, _transaction, ct), cancellationToken);
        return result;
    }

    /// <summary>How long the session has been waiting on the server, or null when it is not.</summary>
    private TimeSpan? BusyFor() =>
        Volatile.Read(ref _busy) > 0 ? System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _busySince)) : null;

    /// <summary>
    /// Gives the connection up for dead: the wait on the server is abandoned and fails with
    /// <see cref="PgConnectionStalledException"/>. Not cancelled: Npgsql's cancellation talks to the server and reads
    /// on the same dead route (npgsql#4668); the watchdog ends the server's side of it instead.
    /// </summary>
    private void Abort(string reason)
    {
        _abortReason = reason;
        _abort.TrySetResult();
    }

    private bool Aborted => _abort.Task.IsCompleted;

    /// <summary>Runs one wait on the server, timed for the watchdog and abandoned when it gives the connection up.</summary>
    private async Task GuardAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        if (Aborted)
        {
            throw new PgConnectionStalledException(_abortReason ?? "the target connection was given up");
        }

        if (Interlocked.Increment(ref _busy) == 1)
        {
            Volatile.Write(ref _busySince, System.Diagnostics.Stopwatch.GetTimestamp());
        }

        try
        {
            var running = operation(cancellationToken);
            if (await Task.WhenAny(running, _abort.Task) != running)
            {
                // Left to fail whenever the dead socket does (TCP keepalive, or never); nobody waits for it.
                _ = running.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw new PgConnectionStalledException(_abortReason ?? "the target connection was given up");
            }

            await running;
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync();
        }

        await RollbackAsync();
        await _batch.DisposeAsync();
        if (Aborted)
        {
            // An abandoned operation still holds the connection: closing it would wait on the dead route too.
            _ = Task.Run(async () => await _connection.DisposeAsync()).ContinueWith(
                static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return;
        }

        await _connection.DisposeAsync();
    }

    private async Task EndTransactionAsync(NpgsqlTransaction? transaction)
    {
        if (transaction is null || Aborted)
        {
            // Given up for dead: the watchdog ended the server's side; a rollback would wait on the dead route.
            return;
        }

        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
        {
            // The connection is gone; so is the transaction.
        }

        await transaction.DisposeAsync();
    }

    /// <summary>Takes the net effects waiting out of their tables (the tables go on collecting into fresh ones).</summary>
    private List<(PgApplyTable Table, PgNetChanges Changes)> Seal()
    {
        var nets = _pendingNet.Select(t => (t, t.SealNet())).Where(n => n.Item2 is not null).Select(n => (n.t, n.Item2!)).ToList();
        _pendingNet.Clear();
        _netChanges = 0;
        return nets;
    }

    private async Task CommitSealedAsync(NpgsqlBatch batch, NpgsqlTransaction transaction, List<(PgApplyTable Table, PgNetChanges Changes)> nets)
    {
        try
        {
            // Not cancelled by a stop (it finishes the commit it has started), only by the watchdog.
            await GuardAsync(
                async ct =>
                {
                    await SendAsync(batch, transaction, nets, ct);
                    await transaction.CommitAsync(ct);
                },
                CancellationToken.None);
        }
        catch (PostgresException ex) when (ex.SqlState == PgStreamFence.FencedSqlState)
        {
            // The stream fence refused this owner's commit (a newer owner claimed the stream): nothing of it is kept.
            throw new StreamFencedException(ex.MessageText, ex);
        }
        finally
        {
            if (!Aborted)
            {
                await transaction.DisposeAsync();
                await batch.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Sends a batch of row statements, then net effects, in the transaction. A refused statement is named by its row
    /// (<see cref="PgRefusedRow"/>); a refused net effect aborts the transaction, which is rolled back, and the row is
    /// named by sending the same changes one statement each in a transaction of their own.
    /// </summary>
    private async Task SendAsync(NpgsqlBatch batch, NpgsqlTransaction transaction, List<(PgApplyTable Table, PgNetChanges Changes)> nets, CancellationToken cancellationToken)
    {
        // Plain statements first: a table's own come only after its net effects were sent (PgApplyTable.PlainAsync).
        await ExecuteNamingRefusedAsync(batch, transaction, cancellationToken);

        // Net effects strictly in the order they were collected: one target table may have two (a new TABLE_MAP id
        // mid-group gives it a second applier), and the later one must land after the earlier. A small one costs less
        // as statements (one round trip) than as COPY and set statements, so consecutive small ones share a batch.
        await using var small = new NpgsqlBatch(_connection, transaction);
        foreach (var (table, changes) in nets)
        {
            if (changes.Count < MinNetRows)
            {
                table.AddLastStates(changes, small);
                table.ReturnNet(changes);
                continue;
            }

            await ExecuteNamingRefusedAsync(small, transaction, cancellationToken);
            small.BatchCommands.Clear();
            try
            {
                await table.ApplyNetAsync(changes, _connection, transaction, cancellationToken);
            }
            catch (PostgresException)
            {
                await EndTransactionAsync(transaction);
                await table.NameRefusedRowAsync(changes, _connection, cancellationToken);
                throw;
            }
            finally
            {
                table.ReturnNet(changes);
            }
        }

        await ExecuteNamingRefusedAsync(small, transaction, cancellationToken);
    }

    private async Task ExecuteNamingRefusedAsync(NpgsqlBatch batch, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (batch.BatchCommands.Count == 0)
        {
            return;
        }

        try
        {
            batch.Transaction = transaction;
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (Statements.Name(ex) is { } refused)
        {
            throw refused;
        }
    }
}
