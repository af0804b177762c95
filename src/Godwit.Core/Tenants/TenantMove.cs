using System.Diagnostics;
using Godwit.Core.Copy;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.Routing;
using Microsoft.Extensions.Logging;

namespace Godwit.Core.Tenants;

/// <summary>
/// Moves one tenant: refuses key collisions, copies the tenant's rows from one consistent snapshot (the copy engine
/// with row filters; a table the target lacks is created, one it has is kept with the other tenants' rows), streams
/// the tenant's changes until caught up (the sync engine with <see cref="TenantChangeFilter"/>, its own stream id),
/// then the per-tenant cutover: freeze that tenant alone on the source (triggers), drain the stream to the source's
/// head, verify the tenant's counts per table, move the
/// target's identities past the source's ids, switch the tenant's entry in the routing map (atomically), unfreeze.
/// Any failure during the freeze unfreezes and leaves the map as it was. Every step resumes after a crash: the copy
/// and the stream from their records on the target, a switched tenant from the map.
/// </summary>
public sealed class TenantMove
{
    private readonly ISourceProvider _source;
    private readonly ITargetProvider _target;
    private readonly TenantMoveOptions _options;
    private readonly ILogger _logger;
    private readonly ITenantSource _tenantSource;
    private readonly ITenantTarget _tenantTarget;
    private readonly TenantRowFilters _filters;
    private TenantChangeFilter? _changeFilter;

    public TenantMove(ISourceProvider source, ITargetProvider target, TenantMoveOptions options, ILogger logger)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _target = target ?? throw new ArgumentNullException(nameof(target));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _tenantSource = source.TenantSource();
        _tenantTarget = target.TenantTarget();
        _filters = new TenantRowFilters(options.Plan, options.Database, options.Schema);
    }

    /// <summary>Called at each step (the CLI prints it; tests act at an exact step).</summary>
    public Func<string, CancellationToken, Task> OnStep { get; init; } = (_, _) => Task.CompletedTask;

    private string Tenant => _options.Plan.Tenant;

    public async Task<TenantMoveResult> RunAsync(CancellationToken cancellationToken)
    {
        var map = await EnsureMapAsync(cancellationToken).ConfigureAwait(false);
        if (map.Tenants.TryGetValue(Tenant, out var route) && route.Primary == RoutingPrimary.Target)
        {
            // Switched by an earlier run: never stream again (the tenant writes on the target now, and a purge's
            // deletes on the source must not follow it there). Only what follows the switch is left.
            await StepAsync("already-switched", cancellationToken).ConfigureAwait(false);
            await _tenantSource.UnfreezeAsync(Tenant, cancellationToken).ConfigureAwait(false);
            return new TenantMoveResult
            {
                Tenant = Tenant,
                Stream = _options.Stream,
                AlreadySwitched = true,
                RoutingVersion = map.Version,
                Purged = await PurgeAsync(cancellationToken).ConfigureAwait(false),
            };
        }

        var copied = await CopyAsync(cancellationToken).ConfigureAwait(false);
        await StepAsync("stream", cancellationToken).ConfigureAwait(false);
        await StreamUntilCaughtUpAsync(cancellationToken).ConfigureAwait(false);
        var (verified, freezeMs, version) = await CutOverAsync(cancellationToken).ConfigureAwait(false);
        return new TenantMoveResult
        {
            Tenant = Tenant,
            Stream = _options.Stream,
            CopiedRows = copied,
            FreezeMs = freezeMs,
            RoutingVersion = version,
            Verified = verified,
            Purged = await PurgeAsync(cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task StepAsync(string step, CancellationToken cancellationToken)
    {
        _logger.LogDebug("godwit: tenant {Tenant}: {Step}", Tenant, step);
        await OnStep(step, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RoutingState> EnsureMapAsync(CancellationToken cancellationToken)
    {
        using var mapLock = await RoutingMapLock.AcquireAsync(_options.RoutingMap, cancellationToken).ConfigureAwait(false);
        if (await RoutingFile.ReadAsync(_options.RoutingMap, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var state = new RoutingState { Primary = RoutingPrimary.Source, Version = 1, Source = _options.SourceDisplay, Target = _options.TargetDisplay };
        await RoutingFile.WriteAsync(_options.RoutingMap, state, cancellationToken).ConfigureAwait(false);
        return state;
    }

    private async Task<long> CopyAsync(CancellationToken cancellationToken)
    {
        var sink = _target.CopySink(_options.Jobs);
        var store = await sink.OpenRunStoreAsync(cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            await store.EnsureAsync(cancellationToken).ConfigureAwait(false);
            if (await store.FindRunAsync(_options.Stream, cancellationToken).ConfigureAwait(false) is null)
            {
                await StepAsync("collisions", cancellationToken).ConfigureAwait(false);
                var collisions = await TenantCollisions.FindAsync(_options.Plan, _filters, _options.Database, _tenantSource, _tenantTarget, cancellationToken).ConfigureAwait(false);
                if (collisions.Count > 0)
                {
                    throw new TenantMoveException(
                        $"tenant {Tenant} cannot move: {string.Join("; ", collisions.Select(c => c.Describe()))}. Nothing was copied; "
                        + "renumber the colliding rows on one side (or move the tenant to another target) first.");
                }
            }
        }

        await StepAsync("copy", cancellationToken).ConfigureAwait(false);
        var options = new CopyOptions
        {
            Jobs = _options.Jobs,
            IfExists = IfExistsMode.Keep,
            SourceDisplay = _options.SourceDisplay,
            SourceDatabase = _options.Database.Name,
            Stream = _options.Stream,
            Filters = _filters.Source(),
        };
        var copySource = _source.CopySource(StreamKeys.Of(_target.Stream(_options.Spec), _options.Stream));
        await using (copySource.ConfigureAwait(false))
        {
            var engine = new CopyEngine(copySource, sink, _options.Schema, options, new CopyProgress(), w => _logger.LogWarning("godwit: tenant {Tenant}: warning: {Warning}", Tenant, w));
            var result = await engine.RunAsync(cancellationToken).ConfigureAwait(false);
            return result.AlreadyDone ? 0 : result.Tables.Sum(t => t.Counts.Loaded);
        }
    }

    private async Task StreamUntilCaughtUpAsync(CancellationToken cancellationToken)
    {
        _changeFilter ??= await LoadChangeFilterAsync(cancellationToken).ConfigureAwait(false);
        var engine = new SyncEngine(
            new SyncEngineOptions
            {
                Mapper = _options.Mapper,
                Spec = _options.Spec,
                Stream = _options.Stream,
                RowFilter = _changeFilter,
                UntilCaughtUp = true,

                // A schema change during the move stops it (the target's tables hold other tenants' rows: another
                // tenant's stream may have changed them already).
                OnDdl = OnDdlMode.Stop,
            },
            _source.Stream,
            _target.Stream(_options.Spec),
            new SyncMetrics(),
            _logger);
        var outcome = await engine.RunAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (outcome != SyncOutcome.CaughtUp)
        {
            throw new TenantMoveException($"tenant {Tenant}: the stream {_options.Stream} ended {outcome} before it caught up.");
        }
    }

    /// <summary>
    /// The parents' keys the filter starts with: the target's rows of the tenant (exactly the stream's position, since
    /// the target commits its position with its rows) and the source's now (parents the stream has yet to bring).
    /// </summary>
    private async Task<TenantChangeFilter> LoadChangeFilterAsync(CancellationToken cancellationToken)
    {
        var filter = new TenantChangeFilter(_options.Plan, _options.Database);
        foreach (var (table, columns) in filter.KeySets)
        {
            var entry = _options.Plan.Find(table)!;
            var sourceFilter = _filters.SourceFilter(entry);
            filter.AddKnownKeys(table, columns, await _tenantSource.KeysAsync(table, columns, sourceFilter, cancellationToken).ConfigureAwait(false));
            if (_filters.TargetFilter(entry) is { } targetFilter)
            {
                var mapping = _filters.Mapping(table);
                var targetColumns = columns.Select(c => _filters.Column(table, c)).ToList();
                filter.AddKnownKeys(table, columns, await _tenantTarget.KeysAsync(mapping.Schema, mapping.Name, targetColumns, targetFilter, cancellationToken).ConfigureAwait(false));
            }
        }

        return filter;
    }

    private async Task<(IReadOnlyList<TenantTableCount> Verified, long FreezeMs, long Version)> CutOverAsync(CancellationToken cancellationToken)
    {
        await StepAsync("freeze", cancellationToken).ConfigureAwait(false);
        var frozen = Stopwatch.StartNew();
        try
        {
            await _tenantSource.FreezeAsync(Tenant, _filters.Source(), cancellationToken).ConfigureAwait(false);
            await StepAsync("drain", cancellationToken).ConfigureAwait(false);
            await StreamUntilCaughtUpAsync(cancellationToken).ConfigureAwait(false);
            await StepAsync("verify", cancellationToken).ConfigureAwait(false);
            var verified = await VerifyAsync(cancellationToken).ConfigureAwait(false);
            await StepAsync("identities", cancellationToken).ConfigureAwait(false);
            await MoveIdentitiesAsync(cancellationToken).ConfigureAwait(false);
            await StepAsync("switch", cancellationToken).ConfigureAwait(false);
            RoutingState switched;
            using (await RoutingMapLock.AcquireAsync(_options.RoutingMap, cancellationToken).ConfigureAwait(false))
            {
                // Read under the lock: another tenant's move may have switched since this one started.
                var map = await RoutingFile.ReadAsync(_options.RoutingMap, cancellationToken).ConfigureAwait(false)
                    ?? throw new TenantMoveException($"the routing map {_options.RoutingMap} disappeared during the move of tenant {Tenant}; the map was not written, the tenant is unfrozen.");
                switched = map.SwitchedTenantTo(Tenant, RoutingPrimary.Target, DateTimeOffset.UtcNow, _options.Stream);
                await RoutingFile.WriteAsync(_options.RoutingMap, switched, cancellationToken).ConfigureAwait(false);
            }

            await StepAsync("unfreeze", cancellationToken).ConfigureAwait(false);
            await _tenantSource.UnfreezeAsync(Tenant, cancellationToken).ConfigureAwait(false);
            return (verified, frozen.ElapsedMilliseconds, switched.Version);
        }
        catch (Exception)
        {
            // Whatever failed (the stream, the verify, the map's write, a stop), the tenant writes on the source again;
            // the map was not changed (it is written last). Not on a token that may be cancelled already.
            await UnfreezeAfterFailureAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task UnfreezeAfterFailureAsync()
    {
        try
        {
            var removed = await _tenantSource.UnfreezeAsync(Tenant, CancellationToken.None).ConfigureAwait(false);
            _logger.LogWarning("godwit: tenant {Tenant}: the move failed during the freeze; unfrozen ({Removed} trigger(s) removed), the routing map is unchanged", Tenant, removed);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(
                "godwit: tenant {Tenant}: could not unfreeze ({Error}): the tenant's writes stay refused until `godwit tenant move` is run again or its godwit_tf_ triggers are dropped",
                Tenant,
                ex.Message);
        }
    }

    /// <summary>
    /// Moves the moving tables' identities on the target past every id the source handed out (the source's whole
    /// table, not only the tenant's rows, so a tenant moved later brings no id the target gave away meanwhile) and
    /// never below the target's own highest id, as the whole-database cutover does. The stream applies rows with their
    /// ids and leaves a PostgreSQL identity where the schema put it; MySQL's AUTO_INCREMENT only ever goes up here.
    /// </summary>
    private async Task MoveIdentitiesAsync(CancellationToken cancellationToken)
    {
        var moving = _options.Plan.Moving.Select(t => t.Table).ToHashSet(StringComparer.Ordinal);
        var sourceControl = _source.Control(m => _logger.LogInformation("godwit: tenant {Tenant}: {Message}", Tenant, m));
        await using (sourceControl.ConfigureAwait(false))
        {
            var marks = (await sourceControl.IdentityMarksAsync(_options.Schema, cancellationToken).ConfigureAwait(false))
                .Where(m => moving.Contains(m.Table.Source.Name)).ToList();
            if (marks.Count == 0)
            {
                return;
            }

            var targetControl = _target.Control();
            await using (targetControl.ConfigureAwait(false))
            {
                var moved = await targetControl.MoveIdentitiesAsync(marks, 0, cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("godwit: tenant {Tenant}: identities: {Moved}", Tenant, string.Join(", ", moved));
            }
        }
    }

    /// <summary>The tenant's rows per moving table on both sides; any difference stops the switch, naming the tables.</summary>
    private async Task<IReadOnlyList<TenantTableCount>> VerifyAsync(CancellationToken cancellationToken)
    {
        var counts = new List<TenantTableCount>();
        foreach (var table in _options.Plan.Moving)
        {
            var onSource = await _tenantSource.CountAsync(table.Table, _filters.SourceFilter(table), cancellationToken).ConfigureAwait(false);
            var mapping = _filters.Mapping(table.Table);
            var onTarget = await _tenantTarget.CountAsync(mapping.Schema, mapping.Name, _filters.TargetFilter(table), cancellationToken).ConfigureAwait(false);
            counts.Add(new TenantTableCount(table.Table, table.Role, onSource, onTarget));
        }

        // An included (shared) table copied whole may hold more rows on the target (the target's own reference rows).
        var wrong = counts.Where(c => c.Role == TenantTableRole.Included ? c.After < c.Before : c.After != c.Before).ToList();
        if (wrong.Count > 0)
        {
            throw new TenantMoveException(
                $"tenant {Tenant}: the counts differ after the drain: {string.Join("; ", wrong.Select(c => $"{c.Table}: source {c.Before}, target {c.After?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}"))}. "
                + "The tenant was unfrozen and the routing map left as it was.");
        }

        return counts;
    }

    private async Task<IReadOnlyList<TenantTableCount>> PurgeAsync(CancellationToken cancellationToken)
    {
        if (!_options.Purge)
        {
            return [];
        }

        await StepAsync("purge", cancellationToken).ConfigureAwait(false);
        return await TenantPurge.RunAsync(
            _options.Plan, _filters, _options.Database, _tenantSource, _tenantTarget, _options.PurgeOptions, m => _logger.LogInformation("godwit: tenant {Tenant}: {Message}", Tenant, m), cancellationToken)
            .ConfigureAwait(false);
    }
}
