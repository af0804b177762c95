using System.Globalization;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Sync;
using Godwit.MySql;
using Godwit.Providers.MySql.Target.Copy;

namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>
/// The sync engine's apply session on a MySQL/MariaDB target: one connection, one InnoDB transaction per commit group
/// whose last statement stores the stream's position in <c>godwit.sync_state</c>, so the rows and the position commit
/// together. Rows are written as they come (prepared statements, one round trip each); the commit is not pipelined.
/// </summary>
internal sealed class MySqlApplySession(MySqlConnection connection, string stream) : IApplySession
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);
    private readonly MySqlApplyStatements _statements = new(connection);
    private readonly MySqlStreamSampler _sampler = new(stream);
    private MySqlTargetCatalog? _catalog;
    private bool _open;

    public Task EnsureStateAsync(CancellationToken cancellationToken) => MySqlStateSchema.EnsureAsync(connection, cancellationToken);

    /// <summary>A switch onto this target (a rollback onto the old source): the stream into it must stop.</summary>
    public async Task<long?> SwitchedCutoverAsync(string schema, CancellationToken cancellationToken) =>
        await MySqlCutoverStore.LatestAsync(connection, schema, cancellationToken) is { Result: "switched" } done ? done.Id : null;

    public async Task LockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + LockWait;
        while (!await MySqlStreamLock.TryAcquireAsync(connection, stream, cancellationToken))
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                var holder = await MySqlStreamLock.HolderAsync(connection, stream, cancellationToken);
                throw new StreamLockedException(
                    $"stream {stream} is already being applied by another godwit process (MySQL connection id {holder?.ToString(CultureInfo.InvariantCulture) ?? "?"}): "
                    + "stop it first, or give this one another --stream name.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    public async Task<StreamStart> ResolveStartAsync(StreamStartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ExplicitStart is { } explicitStart)
        {
            await MySqlSyncStateStore.InitializeAsync(connection, stream, request.SourceSchema, request.TargetSchema, explicitStart, cancellationToken);
            return new StreamStart(explicitStart, Ordered(explicitStart));
        }

        if ((await MySqlSyncStateStore.ReadAsync(connection, stream, cancellationToken))?.Applied is { } saved)
        {
            return new StreamStart(saved, Ordered(saved));
        }

        var cdc = await MySqlCopyStore.CdcStartAsync(connection, stream, cancellationToken)
            ?? throw new SyncException(
                $"no sync state for stream {stream} and no copy position on the target: run `godwit migrate` first, "
                + "or give the start with --from FILE:POS or --from-gtid GTIDS.");
        if (cdc.Position is not { } copied)
        {
            throw new SyncException($"the copy run {cdc.RunId.ToString(CultureInfo.InvariantCulture)} recorded no source position; give one with --from.");
        }

        await MySqlSyncStateStore.InitializeAsync(connection, stream, request.SourceSchema, request.TargetSchema, copied, cancellationToken);
        return new StreamStart(copied, Ordered(copied));
    }

    public Task<IReadOnlyList<(string Table, StreamPosition At)>> CopySnapshotsAsync(CancellationToken cancellationToken) =>
        MySqlCopyStore.SingleChunkSnapshotsAsync(connection, stream, cancellationToken);

    public async Task PrepareAsync(SourceModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        _catalog = await MySqlTargetCatalog.ReadAsync(connection, model.Plan.TargetSchema, cancellationToken);
    }

    public Task SetStatusAsync(string status, string? error, CancellationToken cancellationToken) =>
        MySqlSyncStateStore.SetStatusAsync(connection, stream, status, error, cancellationToken);

    public IApplyTable? Table(ChangeTable table, SourceModel model)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(model);
        var catalog = _catalog ?? throw new InvalidOperationException("PrepareAsync reads the target's tables before rows are applied");
        return model.Table(table.Schema, table.Name) is { } mapping ? new MySqlApplyTable(table, mapping, catalog, _statements) : null;
    }

    public async ValueTask BeginAsync(CancellationToken cancellationToken)
    {
        if (!_open)
        {
            await connection.ExecuteAsync("START TRANSACTION", cancellationToken);

            // The marker, first in every apply transaction: a binlog reader of this server (the stream the other way)
            // passes over the transaction it starts (BinlogChangeSource), so nothing Godwit applied here is sent back.
            await _statements.ExecuteAsync("UPDATE godwit.sync_state SET updated_at = CURRENT_TIMESTAMP(6) WHERE stream = ?", [stream], cancellationToken);
            _open = true;
        }
    }

    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask<Task> SubmitCommitAsync(StreamProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await BeginAsync(cancellationToken);
        await MySqlSyncStateStore.ProgressAsync(connection, stream, progress, cancellationToken);
        await _sampler.SampleIfDueAsync(connection, DateTimeOffset.UtcNow, cancellationToken);
        await connection.ExecuteAsync("COMMIT", cancellationToken);
        _open = false;
        return Task.CompletedTask;
    }

    public async Task RollbackAsync()
    {
        _open = false;
        await MySqlCopyStore.RollbackQuietlyAsync(connection);
    }

    /// <summary>A schema change is not reproduced on a MySQL target yet: the stream stops before it, saying what to run.</summary>
    public Task<SchemaChangeOutcome> ApplySchemaChangeAsync(
        SourceModel after, IReadOnlyList<SourceDdlAction> actions, string where, Action<string> log, CancellationToken cancellationToken) =>
        Task.FromResult(new SchemaChangeOutcome("schema changes are not applied to a MySQL target yet", 0));

    public async ValueTask DisposeAsync()
    {
        await _statements.DisposeAsync();
        await connection.DisposeAsync();
    }

    /// <summary>The position as the target's committed one, when it can be ordered (a MySQL GTID set alone cannot).</summary>
    private static StreamPosition? Ordered(StreamPosition position) =>
        StreamPositionCodecs.For(position.Engine).Compare(position, position) is null ? null : position;
}
