using Godwit.Core.Connections;
using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// The apply connection and its open transaction. Row statements accumulate in an <see cref="NpgsqlBatch"/>
/// that is sent every <see cref="MaxBatchCommands"/> statements, so a source transaction of any size streams
/// into the open target transaction in bounded memory; <see cref="CommitAsync"/> sends the rest together with
/// the position update and commits both at once. FK and user triggers do not fire
/// (<c>session_replication_role = replica</c>): the source already enforced them, and rows arrive in the
/// source's commit order, not in an order that satisfies each constraint one statement at a time.
/// </summary>
public sealed class PgApplySession : IAsyncDisposable
{
    /// <summary>The application_name the apply connection shows in pg_stat_activity unless the URI sets one.</summary>
    public const string DefaultApplicationName = "godwit-sync";

    public const int MaxBatchCommands = 1000;

    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;
    private NpgsqlBatch _batch;

    private PgApplySession(NpgsqlConnection connection)
    {
        _connection = connection;
        _batch = new NpgsqlBatch(connection);
    }

    public NpgsqlConnection Connection => _connection;

    /// <summary>The row statements' texts, so a statement PostgreSQL refuses is reported with its table, key and column.</summary>
    public PgRowStatements Statements { get; } = new();

    public bool InTransaction => _transaction is not null;

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
            await using var cmd = new NpgsqlCommand(
                "SET session_replication_role = replica; SET statement_timeout = 0; SET synchronous_commit = off", connection);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return new PgApplySession(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask BeginAsync(CancellationToken cancellationToken)
    {
        if (_transaction is null)
        {
            _transaction = await _connection.BeginTransactionAsync(cancellationToken);
            _batch.Transaction = _transaction;
        }
    }

    /// <summary>Sends the batch when it is full (after adding row statements).</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _batch.BatchCommands.Count >= MaxBatchCommands ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_batch.BatchCommands.Count == 0)
        {
            return;
        }

        try
        {
            await _batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.BatchCommand is { } failed && Statements.Find(failed.CommandText) is { } statement)
        {
            throw PgRefusedRow.Describe(ex, statement, failed.Parameters);
        }

        await _batch.DisposeAsync();
        _batch = new NpgsqlBatch(_connection, _transaction);
    }

    /// <summary>Runs statements in order in the open transaction (DDL; after the pending rows).</summary>
    public async Task ExecuteAsync(IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        await BeginAsync(cancellationToken);
        await FlushAsync(cancellationToken);
        foreach (var sql in statements)
        {
            await using var cmd = new NpgsqlCommand(sql, _connection, _transaction);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Sends what is pending plus <paramref name="progress"/> (the position update) and commits them together.</summary>
    public async Task CommitAsync(NpgsqlBatchCommand progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await BeginAsync(cancellationToken);
        _batch.BatchCommands.Add(progress);
        await FlushAsync(cancellationToken);
        await _transaction!.CommitAsync(cancellationToken);
        await _transaction.DisposeAsync();
        _transaction = null;
        _batch.Transaction = null;
    }

    /// <summary>Drops the open transaction and everything pending (the source transactions in it are applied again on resume).</summary>
    public async Task RollbackAsync()
    {
        _batch.BatchCommands.Clear();
        if (_transaction is not null)
        {
            try
            {
                await _transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                // The connection is gone; so is the transaction.
            }

            await _transaction.DisposeAsync();
            _transaction = null;
            _batch.Transaction = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        await _batch.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
