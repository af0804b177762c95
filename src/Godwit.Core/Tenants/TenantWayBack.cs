using Godwit.Core.Engines.Cutover;
using Godwit.Core.Providers;

namespace Godwit.Core.Tenants;

/// <summary>
/// A moved tenant's way back: its reverse stream (target → source, that tenant only), recorded by the move inside its
/// freeze at the target's head (<see cref="ReverseStream"/>, as the whole-database cutover records its reverse stream),
/// so every write the tenant makes on the target after the switch is read back by <c>tenant rollback</c>. Its state
/// lives on the source (the <c>godwit</c> state there, stream <c>tenant-&lt;target schema&gt;-&lt;value&gt;-reverse</c>);
/// a purge marks it <see cref="Purged"/> before its first delete, which ends the way back. Ended (<see cref="EndAsync"/>:
/// purged or rolled back), it drops what the reverse stream holds on the target (a PostgreSQL target's replication slot
/// and publication: a slot nobody reads keeps the target's WAL forever).
/// </summary>
/// <param name="forget">Drops the reverse stream's slot and publication on the target; returns what it dropped.</param>
public sealed class TenantWayBack(ReverseStream reverse, IStreamTarget source, Func<ITargetControl> sourceControl, Func<CancellationToken, Task<IReadOnlyList<string>>> forget)
{
    /// <summary>The reverse stream's status once the purge started: no rollback any more.</summary>
    public const string Purged = "purged";

    /// <summary>The reverse stream's status after <c>tenant rollback</c> switched the tenant back.</summary>
    public const string RolledBack = "rolled-back";

    public string Stream => reverse.Stream;

    /// <summary>The reverse stream's id of a tenant's forward stream.</summary>
    public static string NameFor(string forwardStream) => forwardStream + "-reverse";

    /// <summary>Before the freeze: the state on the source and the starting point on the target; null when ready, else what is wrong.</summary>
    public Task<string?> PrepareAsync(CancellationToken cancellationToken) => reverse.PrepareAsync(cancellationToken);

    /// <summary>Inside the freeze, after the drain: records the reverse stream at the target's head (stopped); returns what it did.</summary>
    public Task<string> RecordAsync(CancellationToken cancellationToken) => reverse.StartAsync(cancellationToken);

    /// <summary>After a failed switch: the starting point goes again (a PostgreSQL slot); a warning, or null.</summary>
    public Task<string?> AbandonAsync() => reverse.AbandonAsync();

    /// <summary>The reverse stream's state on the source; null when the move recorded none.</summary>
    public async Task<StreamState?> StateAsync(CancellationToken cancellationToken)
    {
        var control = sourceControl();
        await using (control.ConfigureAwait(false))
        {
            return await control.ReadStreamAsync(Stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the way back (<see cref="Purged"/> or <see cref="RolledBack"/>): marks it on the source, then drops what the
    /// reverse stream holds on the target; returns what it dropped. A rerun after a kill between the two drops it then.
    /// </summary>
    public async Task<IReadOnlyList<string>> EndAsync(string status, CancellationToken cancellationToken)
    {
        await MarkAsync(status, cancellationToken).ConfigureAwait(false);
        return await forget(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the reverse stream's status on the source (<see cref="Purged"/>, <see cref="RolledBack"/>); nothing when it has no state there.</summary>
    public async Task MarkAsync(string status, CancellationToken cancellationToken)
    {
        var session = await source.OpenAsync(Stream, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.EnsureStateAsync(cancellationToken).ConfigureAwait(false);
            await session.SetStatusAsync(status, null, cancellationToken).ConfigureAwait(false);
        }
    }
}
