using Godwit.Core.Ddl;
using Godwit.Core.Verify;

namespace Godwit.Core.Providers;

/// <summary>
/// What a cutover needs of its target: the record of cutovers, the change stream as the target sees it (its state
/// and whether a process applies it), the target's own gates, identities, and an endpoint to count rows.
/// </summary>
public interface ITargetControl : IAsyncDisposable
{
    /// <summary>Takes the lock that makes one cutover of a schema run at a time; null when another holds it. Disposing releases it.</summary>
    Task<IAsyncDisposable?> LockCutoverAsync(string schema, CancellationToken cancellationToken);

    /// <summary>The latest cutover of a schema, or null.</summary>
    Task<CutoverRecord?> LatestCutoverAsync(string schema, CancellationToken cancellationToken);

    /// <summary>Records a new cutover (a write: it fails when the target takes none) and returns its id.</summary>
    Task<long> BeginCutoverAsync(string? stream, string sourceSchema, string targetSchema, CancellationToken cancellationToken);

    /// <summary>Records a step reached; <paramref name="reservedVersion"/> is the routing version kept for an undo.</summary>
    Task StepAsync(long id, string step, bool sourceFrozen, string? position, string? transactionState, long? reservedVersion, CancellationToken cancellationToken);

    /// <summary>Records that the switch command is about to run (an abort then knows it must run it back).</summary>
    Task SwitchCommandStartingAsync(long id, CancellationToken cancellationToken);

    /// <summary>The undo's reserved routing version and whether the switch command had started.</summary>
    Task<(long? UndoVersion, bool SwitchCommandStarted)> SwitchFactsAsync(long id, CancellationToken cancellationToken);

    /// <summary>The highest routing version any cutover of the schema handed out.</summary>
    Task<long> MaxRoutingVersionAsync(string schema, CancellationToken cancellationToken);

    /// <summary>Records the outcome.</summary>
    Task FinishCutoverAsync(long id, string result, bool sourceFrozen, long? freezeMs, long? routingVersion, string? abortReason, string reportJson, CancellationToken cancellationToken);

    /// <summary>The stream named <paramref name="stream"/>, or else the one applying <paramref name="sourceSchema"/> into <paramref name="targetSchema"/>.</summary>
    Task<StreamState?> FindStreamAsync(string? stream, string sourceSchema, string targetSchema, CancellationToken cancellationToken);

    /// <summary>The stream's state as committed with its rows.</summary>
    Task<StreamState?> ReadStreamAsync(string stream, CancellationToken cancellationToken);

    /// <summary>Who applies the stream now (a backend id), or null when no process does.</summary>
    Task<int?> StreamApplierAsync(string stream, CancellationToken cancellationToken);

    /// <summary>The target's gates for a cutover of <paramref name="plan"/>: constraints valid, identities present, the latest verify clean, no earlier switch.</summary>
    Task<GateResults> CheckAsync(PgSchemaPlan plan, CancellationToken cancellationToken);

    /// <summary>Moves every identity past the source's marks (plus <paramref name="gap"/>), never below the target's own values; returns what was set.</summary>
    Task<IReadOnlyList<string>> MoveIdentitiesAsync(IReadOnlyList<IdentityMark> marks, long gap, CancellationToken cancellationToken);

    /// <summary>Moves each sequence past the source's next value (plus <paramref name="gap"/>), never back; returns what was set.</summary>
    Task<IReadOnlyList<string>> MoveSequencesAsync(IReadOnlyList<SequenceMark> marks, long gap, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the target take the application's writes at the switch, undoing a freeze an earlier cutover left on it
    /// (a MySQL server left read_only by the cutover away from it; PostgreSQL tables left with the freeze's triggers).
    /// Returns what it changed, or null when nothing was frozen.
    /// </summary>
    Task<string?> AcceptWritesAsync(string schema, CancellationToken cancellationToken);

    /// <summary>Marks the latest switched cutover of <paramref name="schema"/> as rolled back (the stream may follow the source again).</summary>
    Task MarkRolledBackAsync(string schema, CancellationToken cancellationToken);

    /// <summary>
    /// Records, in the cutover's own record (its report's <c>guard</c>), what a guarded cutover's guard watched for, the
    /// checks that failed, the trigger that fired, the decision and the action, so <c>godwit status</c> shows them.
    /// </summary>
    Task RecordGuardAsync(long id, string guardJson, CancellationToken cancellationToken);

    /// <summary>The guard of the latest cutover of <paramref name="schema"/> (JSON, as recorded), or null when it was not guarded.</summary>
    Task<string?> LatestGuardAsync(string schema, CancellationToken cancellationToken);

    /// <summary>An endpoint that counts and reads the target's tables (verify's canonical forms).</summary>
    IVerifyEndpoint VerifyEndpoint();
}
