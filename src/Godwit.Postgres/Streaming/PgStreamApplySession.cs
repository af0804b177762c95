using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.Core.Types;
using Godwit.Postgres.Apply;
using Godwit.Postgres.Copy;
using Godwit.Postgres.Cutover;
using Godwit.Postgres.Dashboard;

namespace Godwit.Postgres.Streaming;

/// <summary>
/// The sync engine's apply session on PostgreSQL: a <see cref="PgApplySession"/> (batched statements, pipelined
/// commits with the position in <c>godwit.sync_state</c>), the stream's lock and start, and the target's tables as
/// the rows that follow need them. Positions of any source engine are kept as engine and token
/// (<see cref="State.PgStoredPosition"/>).
/// </summary>
internal sealed class PgStreamApplySession(PgApplySession session, string stream, ConnectionUri target, MigrationSpec spec) : IApplySession
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);
    private readonly PgStreamSampler _sampler = new(stream);
    private PgTargetCatalog _catalog = null!;

    /// <summary>Target tables whose changes may be applied as a net effect (<see cref="PgNetChangeEligibility"/>).</summary>
    private IReadOnlySet<string> _netEligible = new HashSet<string>();

    public Task EnsureStateAsync(CancellationToken cancellationToken) => PgSyncStateStore.EnsureAsync(session.Connection, cancellationToken);

    public async Task<long?> SwitchedCutoverAsync(string schema, CancellationToken cancellationToken) =>
        await session.RunAsync((c, _, t) => PgCutoverStore.LatestAsync(c, schema, t), cancellationToken) is { Result: "switched" } done ? done.Id : null;

    /// <summary>
    /// Two processes would interleave transactions; the lock also tells cutover and status the stream is live. After a
    /// reconnect the old session may take a moment to go, so it waits a little.
    /// </summary>
    public async Task LockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + LockWait;
        while (!await PgStreamLock.TryAcquireAsync(session.Connection, stream, cancellationToken))
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                var pid = await PgStreamLock.HolderAsync(session.Connection, stream, cancellationToken);
                throw new StreamLockedException(
                    $"stream {stream} is already being applied by another godwit process (PostgreSQL backend pid {pid?.ToString(CultureInfo.InvariantCulture) ?? "?"}): "
                    + "stop it first, or give this one another --stream name.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    public async Task<StreamStart> ResolveStartAsync(StreamStartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = session.Connection;
        if (request.ExplicitStart is { } explicitStart)
        {
            await PgSyncStateStore.InitializeAsync(connection, stream, request.SourceSchema, request.TargetSchema, explicitStart, cancellationToken);
            return new StreamStart(explicitStart, Ordered(explicitStart));
        }

        var state = await PgSyncStateStore.ReadAsync(connection, stream, cancellationToken);
        if (state?.Applied is { } saved)
        {
            return new StreamStart(saved, Ordered(saved));
        }

        var cdc = await PgSyncStateStore.ReadCdcStartAsync(connection, stream, cancellationToken)
            ?? throw new StreamLockedException(
                $"no sync state for stream {stream} and no copy position in {target}: run `godwit migrate` first, "
                + "or give the start with --from FILE:POS or --from-gtid GTIDS.");
        if (cdc.Position is not { } copied)
        {
            throw new SyncException($"the copy run {cdc.RunId.ToString(CultureInfo.InvariantCulture)} recorded no source position; give one with --from.");
        }

        await PgSyncStateStore.InitializeAsync(connection, stream, request.SourceSchema, request.TargetSchema, copied, cancellationToken);
        return new StreamStart(copied, Ordered(copied));
    }

    /// <summary>The position as the target's committed one, when it can be ordered (a MySQL GTID set alone cannot: the first commit says).</summary>
    private static StreamPosition? Ordered(StreamPosition position) =>
        StreamPositionCodecs.For(position.Engine).Compare(position, position) is null ? null : position;

    public Task<IReadOnlyList<(string Table, StreamPosition At)>> CopySnapshotsAsync(CancellationToken cancellationToken) =>
        PgCopyStore.ReadSingleChunkSnapshotsAsync(session.Connection, stream, cancellationToken);

    public async Task PrepareAsync(SourceModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        (_catalog, _netEligible) = await PgStreamSchemaChange.ReadTargetAsync(session, model.Plan.TargetSchemas, cancellationToken);
    }

    public Task SetStatusAsync(string status, string? error, CancellationToken cancellationToken) =>
        session.RunAsync(
            async (c, _, t) =>
            {
                await PgSyncStateStore.SetStatusAsync(c, stream, status, error, t);
                return true;
            },
            cancellationToken);

    public IApplyTable? Table(ChangeTable table, SourceModel model)
    {
        ArgumentNullException.ThrowIfNull(table);
        var now = model.Table(table.Schema, table.Name);
        if (now is not null && now.Columns.Any(c => c.Cast.Conversion.Kind == ValueConversionKind.Native)
            && (spec.Options.OnDdl ?? OnDdlMode.Apply) != OnDdlMode.Ignore)
        {
            PgLoggedRelationCheck.Ensure(table, now, _catalog.Table(now.Schema, now.Name));
        }

        if (LoggedTableMapping.For(table, model, _catalog) is not { } mapping)
        {
            return null;
        }

        var columns = _catalog.Table(mapping.Schema, mapping.Name)?.Columns.Keys.ToHashSet(StringComparer.Ordinal)
            ?? throw new StreamLockedException(
                $"{mapping.Source.QualifiedName} has changes to apply but {mapping.QualifiedName} is not on the target: "
                + "create the schema with `godwit schema` or `godwit migrate` first.");
        var apply = new PgApplyTable(mapping, [.. table.Columns.Select(c => c.Name)], columns, session.Statements, _netEligible.Contains(PgNetChangeEligibility.Key(mapping.Schema, mapping.Name)));
        var routed = table.PartitionRoot is not null && mapping.Name != (now?.Name ?? model.TargetName(table.Name));
        return new PgStreamApplyTable(apply, session, routed ? $"{table.Schema}.{table.Name}" : null);
    }

    public ValueTask BeginAsync(CancellationToken cancellationToken) => session.BeginAsync(cancellationToken);

    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) => session.FlushIfFullAsync(cancellationToken);

    public ValueTask<Task> SubmitCommitAsync(StreamProgress progress, CancellationToken cancellationToken) =>
        session.SubmitCommitAsync(PgSyncStateStore.ProgressCommand(stream, progress), _sampler.Due(DateTimeOffset.UtcNow), cancellationToken);

    public Task RollbackAsync() => session.RollbackAsync();

    public async Task<SchemaChangeOutcome> ApplySchemaChangeAsync(
        SourceModel after, IReadOnlyList<SourceDdlAction> actions, string where, Action<string> log, CancellationToken cancellationToken)
    {
        var change = await new PgStreamSchemaChange(spec, log).ApplyAsync(session, after, actions, where, cancellationToken);
        (_catalog, _netEligible) = (change.Catalog, change.NetEligible);
        return new SchemaChangeOutcome(change.Unsupported, change.Statements);
    }

    public ValueTask DisposeAsync() => session.DisposeAsync();
}
