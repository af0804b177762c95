using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Verify;

namespace Godwit.Core.Providers;

/// <summary>
/// What a cutover needs of its source: freezing writes for every account and undoing that, the log's head, the
/// identity values handed out so far, and an endpoint to count rows. One instance per cutover (it holds the
/// freeze's connections; disposing releases them).
/// </summary>
public interface ISourceControl : IAsyncDisposable
{
    /// <summary>True once <see cref="FreezeAsync"/> stopped writes and nothing has undone it.</summary>
    bool IsFrozen { get; }

    /// <summary>Sessions ended because they held the freeze up past the grace period.</summary>
    int Killed { get; }

    /// <summary>What freezing does on this server, for the plan (e.g. <c>SET GLOBAL super_read_only = ON</c>).</summary>
    Task<string> DescribeFreezeAsync(CancellationToken cancellationToken);

    /// <summary>Takes the server-wide cutover lock (read-only modes are server-wide: one cutover per source server); false when another holds it.</summary>
    Task<bool> TryLockServerAsync(CancellationToken cancellationToken);

    /// <summary>Whether the source refuses writes now (before any freeze: left so by an interrupted cutover).</summary>
    Task<bool> IsReadOnlyAsync(CancellationToken cancellationToken);

    /// <summary>What the account lacks to freeze every writer; empty when nothing.</summary>
    Task<IReadOnlyList<string>> FreezeProblemsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stops writes. Statements still running after <paramref name="grace"/> are ended; gives up after
    /// <paramref name="timeout"/> with <see cref="Engines.Cutover.CutoverAbortedException"/> (then <see cref="UnfreezeAsync"/> undoes what was set).
    /// </summary>
    Task FreezeAsync(TimeSpan grace, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The head of the source's log; with writes frozen, the last position any write reached.</summary>
    Task<StreamPosition> HeadAsync(CancellationToken cancellationToken);

    /// <summary>The source's transaction state for the record (GTIDs), or null.</summary>
    Task<string?> TransactionStateAsync(CancellationToken cancellationToken);

    /// <summary>Before the switch: throws <see cref="Engines.Cutover.CutoverAbortedException"/> when part of the freeze was lost.</summary>
    Task EnsureEveryWriterStoppedAsync(CancellationToken cancellationToken);

    /// <summary>After the switch: writes keep waiting for <paramref name="hold"/>, then the sessions still waiting are ended; returns how many.</summary>
    Task<int> ReleaseAfterSwitchAsync(TimeSpan hold, CancellationToken cancellationToken);

    /// <summary>Makes the source writable again as it was before the freeze; retried, never cancelled.</summary>
    Task UnfreezeAsync();

    /// <summary>Makes a source left frozen by an earlier, interrupted cutover writable (<c>cutover --abort</c>).</summary>
    Task ForceUnfreezeAsync(CancellationToken cancellationToken);

    /// <summary>For each identity column of the plan, the first value the source has not handed out (the larger of its counter and its highest value + 1).</summary>
    Task<IReadOnlyList<IdentityMark>> IdentityMarksAsync(PgSchemaPlan plan, CancellationToken cancellationToken);

    /// <summary>The source's sequences that no identity column owns (none on MySQL), with the next value each would hand out.</summary>
    Task<IReadOnlyList<SequenceMark>> SequenceMarksAsync(PgSchemaPlan plan, CancellationToken cancellationToken);

    /// <summary>An endpoint that counts and reads the source's tables (verify's canonical forms).</summary>
    IVerifyEndpoint VerifyEndpoint();
}
