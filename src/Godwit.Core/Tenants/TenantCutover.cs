using System.Diagnostics;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.Routing;
using Microsoft.Extensions.Logging;

namespace Godwit.Core.Tenants;

/// <summary>
/// One tenant's switch between two databases, in either direction: the tenant's stream from the side it writes on
/// now (<paramref name="writer"/>) into the other (<paramref name="reader"/>), caught up; then that tenant alone frozen
/// on the writer (triggers), the identities of the moving tables moved past the writer's ids on the other side, the
/// stream drained, the tenant's counts and checksums verified per table, <see cref="BeforeSwitch"/> (the way back recorded),
/// the tenant's entry in the routing map switched to <paramref name="switchTo"/>, held frozen on the writer for
/// <see cref="TenantMoveOptions.SwitchHold"/> (stale routes refused, retried on the new side), unfrozen. Any failure during the
/// freeze unfreezes and leaves the map as it was. <c>tenant move</c> runs it source → target, <c>tenant rollback</c>
/// target → source over the reverse stream.
/// </summary>
/// <param name="writer">Where the tenant writes now, read as a source.</param>
/// <param name="reader">Where its writes go next, written as a target.</param>
/// <param name="options">The tenant's plan, model and mapping in this direction (the writer's tables, the reader's names).</param>
/// <param name="stream">This direction's stream id.</param>
/// <param name="switchTo">What the tenant's map entry says after the switch.</param>
public sealed class TenantCutover(ISourceProvider writer, ITargetProvider reader, TenantMoveOptions options, string stream, RoutingPrimary switchTo, ILogger logger)
{
    private readonly ITenantSource _writerTenants = writer.TenantSource();
    private readonly ITenantTarget _readerTenants = reader.TenantTarget();
    private readonly TenantRowFilters _filters = new(options.Plan, options.Database, options.Schema);
    private TenantChangeFilter? _changeFilter;

    /// <summary>Called at each step (the CLI prints it; tests act at an exact step).</summary>
    public Func<string, CancellationToken, Task> OnStep { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>Inside the freeze, after the drain and the verify, before the map is written: returns what it did (logged), or null.</summary>
    public Func<CancellationToken, Task<string?>>? BeforeSwitch { get; init; }

    /// <summary>
    /// The checksums in another orientation than writer → reader (a rollback from PostgreSQL compares as the move did,
    /// MySQL source → PostgreSQL target: the pair whose canonical row hashes are built); null: writer → reader.
    /// </summary>
    public Func<CancellationToken, Task<IReadOnlyList<TenantTableChecksum>>>? Checksums { get; init; }

    /// <summary>
    /// Inside the freeze, before anything is applied: refuse when a key the tenant has on the writer is another
    /// tenant's row on the reader (a rollback: both databases handed out ids from the same point after the move, and
    /// the stream's apply would overwrite the other tenant's row).
    /// </summary>
    public bool RefuseForeignKeys { get; init; }

    private string Tenant => options.Plan.Tenant;

    /// <summary>The filters of this direction (the writer's names, and the reader's).</summary>
    public TenantRowFilters Filters => _filters;

    /// <summary>Freeze, identities, drain, verify, <see cref="BeforeSwitch"/>, switch, hold, unfreeze; returns the counts verified, how long the tenant was frozen and the map's new version.</summary>
    public async Task<TenantSwitchResult> SwitchAsync(CancellationToken cancellationToken)
    {
        await StepAsync("freeze", cancellationToken).ConfigureAwait(false);
        var frozen = Stopwatch.StartNew();
        try
        {
            await _writerTenants.FreezeAsync(Tenant, _filters.Source(), cancellationToken).ConfigureAwait(false);
            if (RefuseForeignKeys)
            {
                await StepAsync("collisions", cancellationToken).ConfigureAwait(false);
                var collisions = await TenantCollisions.FindAsync(options.Plan, _filters, options.Database, _writerTenants, _readerTenants, cancellationToken, exceptTenantsOwn: true).ConfigureAwait(false);
                if (collisions.Count > 0)
                {
                    throw new TenantMoveException(
                        $"tenant {Tenant}: {string.Join("; ", collisions.Select(c => c.Describe()))} (rows of another tenant there: both databases handed out these ids since the move). "
                        + "Nothing was applied; the tenant was unfrozen and the routing map left as it was. Renumber the tenant's colliding rows where it writes now, then roll back again.");
                }
            }

            // Identities before the drain: the writer hands the tenant no id any more, so every id the drain applies is
            // below the reader's counter once it is moved, and applying it leaves the counter alone. Were the counter
            // below them, InnoDB would raise it to each id applied while the reader's other tenants insert: one of them
            // could take an id the drain then applies (a duplicate key, or the upsert over another tenant's row).
            await StepAsync("identities", cancellationToken).ConfigureAwait(false);
            await MoveIdentitiesAsync(cancellationToken).ConfigureAwait(false);
            await StepAsync("drain", cancellationToken).ConfigureAwait(false);
            await StreamUntilCaughtUpAsync(cancellationToken).ConfigureAwait(false);
            await StepAsync("verify", cancellationToken).ConfigureAwait(false);
            var verified = await VerifyAsync(cancellationToken).ConfigureAwait(false);
            var checksums = await ChecksumAsync(cancellationToken).ConfigureAwait(false);
            if (BeforeSwitch is { } before && await before(cancellationToken).ConfigureAwait(false) is { } done)
            {
                logger.LogInformation("godwit: tenant {Tenant}: {Done}", Tenant, done);
            }

            await StepAsync("switch", cancellationToken).ConfigureAwait(false);
            RoutingState switched;
            using (await RoutingMapLock.AcquireAsync(options.RoutingMap, cancellationToken).ConfigureAwait(false))
            {
                // Read under the lock: another tenant's move may have switched since this one started.
                var map = await RoutingFile.ReadAsync(options.RoutingMap, cancellationToken).ConfigureAwait(false)
                    ?? throw new TenantMoveException($"the routing map {options.RoutingMap} disappeared during the switch of tenant {Tenant}; the map was not written, the tenant is unfrozen.");
                switched = map.SwitchedTenantTo(Tenant, switchTo, DateTimeOffset.UtcNow, switchTo == RoutingPrimary.Target ? stream : null);
                await RoutingFile.WriteAsync(options.RoutingMap, switched, cancellationToken).ConfigureAwait(false);
            }

            // The tenant writes on the new side from here: freeze_ms ends at the switch.
            var freezeMs = frozen.ElapsedMilliseconds;
            await StepAsync("hold", cancellationToken).ConfigureAwait(false);
            await Task.Delay(options.SwitchHold, cancellationToken).ConfigureAwait(false);
            await StepAsync("unfreeze", cancellationToken).ConfigureAwait(false);
            await _writerTenants.UnfreezeAsync(Tenant, cancellationToken).ConfigureAwait(false);
            return new TenantSwitchResult(verified, checksums, freezeMs, switched.Version);
        }
        catch (Exception)
        {
            // Whatever failed (the stream, the verify, the map's write, a stop), the tenant writes where it did; the
            // map was not changed (it is written last). Not on a token that may be cancelled already.
            await UnfreezeAfterFailureAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes the tenant's freeze triggers on the writer (a rerun after a kill between the switch and the unfreeze); returns how many.</summary>
    public Task<int> UnfreezeAsync(CancellationToken cancellationToken) => _writerTenants.UnfreezeAsync(Tenant, cancellationToken);

    /// <summary>Applies this direction's stream until it has applied everything the writer had written when it started.</summary>
    public async Task StreamUntilCaughtUpAsync(CancellationToken cancellationToken)
    {
        _changeFilter ??= await LoadChangeFilterAsync(cancellationToken).ConfigureAwait(false);
        var engine = new SyncEngine(
            new SyncEngineOptions
            {
                Mapper = options.Mapper,
                Spec = options.Spec,
                Stream = stream,
                RowFilter = _changeFilter,
                UntilCaughtUp = true,

                // A schema change during the move stops it (the target's tables hold other tenants' rows: another
                // tenant's stream may have changed them already).
                OnDdl = OnDdlMode.Stop,
            },
            writer.Stream,
            reader.Stream(options.Spec),
            new SyncMetrics(),
            logger);
        var outcome = await engine.RunAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (outcome != SyncOutcome.CaughtUp)
        {
            throw new TenantMoveException($"tenant {Tenant}: the stream {stream} ended {outcome} before it caught up.");
        }
    }

    private async Task StepAsync(string step, CancellationToken cancellationToken)
    {
        logger.LogDebug("godwit: tenant {Tenant}: {Step}", Tenant, step);
        await OnStep(step, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The parents' keys the filter starts with: the reader's rows of the tenant (exactly the stream's position, since
    /// the reader commits its position with its rows) and the writer's now (parents the stream has yet to bring).
    /// </summary>
    private async Task<TenantChangeFilter> LoadChangeFilterAsync(CancellationToken cancellationToken)
    {
        var filter = new TenantChangeFilter(options.Plan, options.Database, _writerTenants.KeyOnlyOldRows);
        foreach (var (table, columns) in filter.KeySets)
        {
            var entry = options.Plan.Find(table)!;
            var sourceFilter = _filters.SourceFilter(entry);
            filter.AddKnownKeys(table, columns, await _writerTenants.KeysAsync(table, columns, sourceFilter, cancellationToken).ConfigureAwait(false));
            if (_filters.TargetFilter(entry) is { } targetFilter)
            {
                var mapping = _filters.Mapping(table);
                var targetColumns = columns.Select(c => _filters.Column(table, c)).ToList();
                filter.AddKnownKeys(table, columns, await _readerTenants.KeysAsync(mapping.Schema, mapping.Name, targetColumns, targetFilter, cancellationToken).ConfigureAwait(false));
            }
        }

        return filter;
    }

    private async Task UnfreezeAfterFailureAsync()
    {
        try
        {
            var removed = await _writerTenants.UnfreezeAsync(Tenant, CancellationToken.None).ConfigureAwait(false);
            logger.LogWarning("godwit: tenant {Tenant}: the switch failed during the freeze; unfrozen ({Removed} trigger(s) removed), the routing map is unchanged", Tenant, removed);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(
                "godwit: tenant {Tenant}: could not unfreeze ({Error}): the tenant's writes stay refused until the command is run again or its godwit_tf_ triggers are dropped",
                Tenant,
                ex.Message);
        }
    }

    /// <summary>
    /// Moves the moving tables' identities on the reader past every id the writer handed out (the writer's whole
    /// table, not only the tenant's rows, so a tenant moved later brings no id the reader gave away meanwhile) and
    /// never below the reader's own highest id, as the whole-database cutover does. The stream applies rows with their
    /// ids and leaves a PostgreSQL identity where the schema put it; MySQL's AUTO_INCREMENT only ever goes up here.
    /// </summary>
    private async Task MoveIdentitiesAsync(CancellationToken cancellationToken)
    {
        var moving = options.Plan.Moving.Select(t => t.Table).ToHashSet(StringComparer.Ordinal);
        var writerControl = writer.Control(m => logger.LogInformation("godwit: tenant {Tenant}: {Message}", Tenant, m));
        await using (writerControl.ConfigureAwait(false))
        {
            var marks = (await writerControl.IdentityMarksAsync(options.Schema, cancellationToken).ConfigureAwait(false))
                .Where(m => moving.Contains(m.Table.Source.Name)).ToList();
            if (marks.Count == 0)
            {
                return;
            }

            var readerControl = reader.Control();
            await using (readerControl.ConfigureAwait(false))
            {
                var moved = await readerControl.MoveIdentitiesAsync(marks, 0, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("godwit: tenant {Tenant}: identities: {Moved}", Tenant, string.Join(", ", moved));
            }
        }
    }

    /// <summary>The tenant's rows per moving table compared by checksum on both sides (<see cref="TenantChecksums"/>, or <see cref="Checksums"/>); any difference stops the switch, naming table and key.</summary>
    private async Task<IReadOnlyList<TenantTableChecksum>> ChecksumAsync(CancellationToken cancellationToken)
    {
        var checksums = Checksums is { } by
            ? await by(cancellationToken).ConfigureAwait(false)
            : await CompareAsync(cancellationToken).ConfigureAwait(false);
        var wrong = checksums.Where(c => !c.Equal).ToList();
        if (wrong.Count > 0)
        {
            throw new TenantMoveException(
                $"tenant {Tenant}: the checksums differ after the drain: {string.Join("; ", wrong.Select(c => $"{c.Table}: {string.Join(", ", c.Differences)}"))}. "
                + "The tenant was unfrozen and the routing map left as it was.");
        }

        return checksums;
    }

    private async Task<IReadOnlyList<TenantTableChecksum>> CompareAsync(CancellationToken cancellationToken)
    {
        var from = writer.VerifyEndpoint();
        await using (from.ConfigureAwait(false))
        {
            var to = reader.VerifyEndpoint();
            await using (to.ConfigureAwait(false))
            {
                return await TenantChecksums.CompareAsync(options.Plan, _filters, from, to, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The tenant's rows per moving table on both sides; any difference stops the switch, naming the tables.</summary>
    private async Task<IReadOnlyList<TenantTableCount>> VerifyAsync(CancellationToken cancellationToken)
    {
        var counts = new List<TenantTableCount>();
        foreach (var table in options.Plan.Moving)
        {
            var onWriter = await _writerTenants.CountAsync(table.Table, _filters.SourceFilter(table), cancellationToken).ConfigureAwait(false);
            var mapping = _filters.Mapping(table.Table);
            var onReader = await _readerTenants.CountAsync(mapping.Schema, mapping.Name, _filters.TargetFilter(table), cancellationToken).ConfigureAwait(false);
            counts.Add(new TenantTableCount(table.Table, table.Role, onWriter, onReader));
        }

        // An included (shared) table copied whole may hold more rows on the reader (its own reference rows).
        var wrong = counts.Where(c => c.Role == TenantTableRole.Included ? c.After < c.Before : c.After != c.Before).ToList();
        if (wrong.Count > 0)
        {
            throw new TenantMoveException(
                $"tenant {Tenant}: the counts differ after the drain: {string.Join("; ", wrong.Select(c => $"{c.Table}: from {c.Before}, to {c.After?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}"))}. "
                + "The tenant was unfrozen and the routing map left as it was.");
        }

        return counts;
    }
}
