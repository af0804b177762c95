using Godwit.Core.Providers;
using Godwit.Routing;
using Microsoft.Extensions.Logging;

namespace Godwit.Core.Tenants;

/// <summary>
/// Switches one moved tenant back to the source before its purge: <see cref="TenantCutover"/> the other way round, over
/// the tenant's reverse stream (recorded by the move at its switch, <see cref="TenantWayBack"/>): the tenant frozen on
/// the target (the target's own per-tenant triggers), the reverse stream drained from the switch on, counts verified,
/// the source's identities moved past the ids the target handed out, the map entry back to <c>source</c> (version+1),
/// unfrozen. Refused once a purge began (<see cref="TenantPurgedException"/>). A rerun after a kill resumes: the
/// reverse stream from its position on the source, a switch already made from the map.
/// </summary>
/// <param name="targetAsSource">The move's target, read as a source of its target schema.</param>
/// <param name="sourceAsTarget">The move's source, written as a target of its own database.</param>
/// <param name="reverse">The tenant's plan and model the other way round: the target's tables, the source's names.</param>
public sealed class TenantRollback(ISourceProvider targetAsSource, ITargetProvider sourceAsTarget, TenantMoveOptions reverse, TenantWayBack wayBack, ILogger logger)
{
    /// <summary>Called at each step (the CLI prints it; tests act at an exact step).</summary>
    public Func<string, CancellationToken, Task> OnStep { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>The switch's checksums in the move's orientation (<see cref="TenantCutover.Checksums"/>); null: target → source.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<TenantTableChecksum>>>? Checksums { get; init; }

    private string Tenant => reverse.Plan.Tenant;

    public async Task<TenantRollbackResult> RunAsync(CancellationToken cancellationToken)
    {
        var cutover = new TenantCutover(targetAsSource, sourceAsTarget, reverse, wayBack.Stream, RoutingPrimary.Source, logger) { OnStep = OnStep, Checksums = Checksums, RefuseForeignKeys = true };
        var map = await RoutingFile.ReadAsync(reverse.RoutingMap, cancellationToken).ConfigureAwait(false);
        var route = map?.RouteFor(Tenant);
        if (route is not { HasOwnEntry: true })
        {
            throw new TenantMoveException($"tenant {Tenant} was never moved in {reverse.RoutingMap}: there is nothing to roll back.");
        }

        var state = await wayBack.StateAsync(cancellationToken).ConfigureAwait(false);
        if (state?.Status == TenantWayBack.Purged)
        {
            throw new TenantPurgedException(
                $"tenant {Tenant} cannot be rolled back: its purge from the source has begun (stream {wayBack.Stream} is marked {TenantWayBack.Purged}), so its rows there are gone; "
                + "nothing was changed. To bring it back, move it again the other way (godwit tenant move from the target).");
        }

        if (route.Primary == RoutingPrimary.Source)
        {
            if (state is null)
            {
                throw new TenantMoveException($"tenant {Tenant} is not switched to the target in {reverse.RoutingMap}: there is nothing to roll back.");
            }

            // Switched back by an earlier run killed before its unfreeze (or before it said so): only what follows the switch is left.
            await OnStep("already-rolled-back", cancellationToken).ConfigureAwait(false);
            await cutover.UnfreezeAsync(cancellationToken).ConfigureAwait(false);
            await EndWayBackAsync(cancellationToken).ConfigureAwait(false);
            return new TenantRollbackResult { Tenant = Tenant, Stream = wayBack.Stream, AlreadyRolledBack = true, RoutingVersion = map!.Version };
        }

        if (state is null)
        {
            throw new TenantMoveException(
                $"tenant {Tenant} has no way back: its move recorded no reverse stream ({wayBack.Stream}) on the source (moved by a Godwit without tenant rollback, "
                + "or into a target whose way back is not built yet); nothing was changed.");
        }

        // No catch-up before the freeze: every id the target's AUTO_INCREMENT hands the tenant that reaches the source
        // raises the source's counter past it (InnoDB does so on any explicit id), and the source would then hand the
        // other tenants the very ids the target keeps handing this tenant until it is frozen (a duplicate key, or worse,
        // the reverse stream's upsert over another tenant's row). Frozen first, the target hands out none any more.
        var switched = await cutover.SwitchAsync(cancellationToken).ConfigureAwait(false);
        await EndWayBackAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("godwit: tenant {Tenant}: rolled back to the source (routing map version {Version})", Tenant, switched.Version);
        return new TenantRollbackResult
        {
            Tenant = Tenant, Stream = wayBack.Stream, FreezeMs = switched.FreezeMs, RoutingVersion = switched.Version, Verified = switched.Verified, Checksums = switched.Checksums,
        };
    }

    /// <summary>The reverse stream is over once the tenant writes on the source again: its slot on the target goes (it would keep the target's WAL).</summary>
    private async Task EndWayBackAsync(CancellationToken cancellationToken)
    {
        foreach (var dropped in await wayBack.EndAsync(TenantWayBack.RolledBack, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("godwit: tenant {Tenant}: dropped the reverse stream's {Dropped}", Tenant, dropped);
        }
    }
}
