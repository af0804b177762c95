using Godwit.Core.Copy;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Routing;
using Microsoft.Extensions.Logging;

namespace Godwit.Core.Tenants;

/// <summary>
/// Moves one tenant: refuses key collisions, copies the tenant's rows from one consistent snapshot (the copy engine
/// with row filters; a table the target lacks is created, one it has is kept with the other tenants' rows), streams
/// the tenant's changes until caught up (the sync engine with <see cref="TenantChangeFilter"/>, its own stream id),
/// then the per-tenant cutover (<see cref="TenantCutover"/>): freeze that tenant alone on the source (triggers), drain
/// the stream to the source's head, verify the tenant's counts per table, move the target's identities past the
/// source's ids, record the tenant's way back (<see cref="TenantMoveOptions.WayBack"/>), switch the tenant's entry in
/// the routing map (atomically), unfreeze.
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
    private readonly TenantCutover _cutover;

    public TenantMove(ISourceProvider source, ITargetProvider target, TenantMoveOptions options, ILogger logger)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _target = target ?? throw new ArgumentNullException(nameof(target));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _tenantSource = source.TenantSource();
        _tenantTarget = target.TenantTarget();
        _cutover = new TenantCutover(source, target, options, options.Stream, RoutingPrimary.Target, logger)
        {
            OnStep = (step, ct) => OnStep(step, ct),
            BeforeSwitch = options.WayBack is { } wayBack ? async ct => await wayBack.RecordAsync(ct).ConfigureAwait(false) : null,
        };
        _filters = _cutover.Filters;
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
            await _cutover.UnfreezeAsync(cancellationToken).ConfigureAwait(false);
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
        await _cutover.StreamUntilCaughtUpAsync(cancellationToken).ConfigureAwait(false);
        var switched = await SwitchAsync(cancellationToken).ConfigureAwait(false);
        return new TenantMoveResult
        {
            Tenant = Tenant,
            Stream = _options.Stream,
            CopiedRows = copied,
            FreezeMs = switched.FreezeMs,
            RoutingVersion = switched.Version,
            Verified = switched.Verified,
            Checksums = switched.Checksums,
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

                var overlaps = await TenantIdOverlaps.FindAsync(_options.Plan, _filters, _options.Database, _tenantSource, _tenantTarget, cancellationToken).ConfigureAwait(false);
                if (overlaps.Count > 0 && !_options.AllowIdOverlap)
                {
                    throw new TenantMoveException($"tenant {Tenant} cannot move: {string.Join("; ", overlaps.Select(o => o.Describe()))}. Nothing was copied.");
                }

                foreach (var overlap in overlaps)
                {
                    _logger.LogWarning("godwit: tenant {Tenant}: moving despite (--allow-id-overlap): {Overlap}", Tenant, overlap.Describe());
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

    /// <summary>
    /// The per-tenant cutover (<see cref="TenantCutover"/>), with the tenant's way back prepared before the freeze and
    /// recorded inside it (<see cref="TenantMoveOptions.WayBack"/>).
    /// </summary>
    private async Task<TenantSwitchResult> SwitchAsync(CancellationToken cancellationToken)
    {
        if (_options.WayBack is { } wayBack && await wayBack.PrepareAsync(cancellationToken).ConfigureAwait(false) is { } problem)
        {
            throw new TenantMoveException($"tenant {Tenant}: {problem}. Nothing was frozen or switched.");
        }

        try
        {
            return await _cutover.SwitchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (_options.WayBack is not null)
        {
            if (await _options.WayBack.AbandonAsync().ConfigureAwait(false) is { } warning)
            {
                _logger.LogWarning("godwit: tenant {Tenant}: {Warning}", Tenant, warning);
            }

            throw;
        }
    }

    /// <summary>Before the purge's first delete: the tenant's rollback is over (its rows leave the source).</summary>
    private async Task EndWayBackAsync(CancellationToken cancellationToken)
    {
        if (_options.WayBack is not { } wayBack)
        {
            return;
        }

        foreach (var dropped in await wayBack.EndAsync(TenantWayBack.Purged, cancellationToken).ConfigureAwait(false))
        {
            _logger.LogInformation("godwit: tenant {Tenant}: dropped the reverse stream's {Dropped}", Tenant, dropped);
        }
    }

    private async Task<IReadOnlyList<TenantTableCount>> PurgeAsync(CancellationToken cancellationToken)
    {
        if (!_options.Purge)
        {
            return [];
        }

        await StepAsync("purge", cancellationToken).ConfigureAwait(false);
        return await TenantPurge.RunAsync(
            _options.Plan, _filters, _options.Database, _tenantSource, _tenantTarget, _options.PurgeOptions, m => _logger.LogInformation("godwit: tenant {Tenant}: {Message}", Tenant, m), cancellationToken, EndWayBackAsync)
            .ConfigureAwait(false);
    }
}
