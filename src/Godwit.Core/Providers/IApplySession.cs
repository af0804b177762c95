using Godwit.Core.Engines.Sync;
using Godwit.Core.Positions;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Sync;

namespace Godwit.Core.Providers;

/// <summary>
/// One connection to the target that applies a stream: many source transactions per target transaction, and a commit
/// that stores the stream's position in the same transaction as the rows, so each source transaction is applied
/// exactly once across crashes.
/// </summary>
public interface IApplySession : IAsyncDisposable
{
    /// <summary>Creates what the stream's state needs on the target (idempotent).</summary>
    Task EnsureStateAsync(CancellationToken cancellationToken);

    /// <summary>The id of a cutover that switched the application to this target, or null. Asked only between apply transactions.</summary>
    Task<long?> SwitchedCutoverAsync(string schema, CancellationToken cancellationToken);

    /// <summary>Takes the stream's lock (one process applies a stream); waits a little for an old session of its own to go, then fails naming the holder.</summary>
    Task LockAsync(CancellationToken cancellationToken);

    /// <summary>Where the stream starts: the explicit start (recorded), else what the target has committed, else where the copy began.</summary>
    Task<StreamStart> ResolveStartAsync(StreamStartRequest request, CancellationToken cancellationToken);

    /// <summary>The source positions at which tables were copied in one snapshot each (<see cref="CopySnapshotFilter"/>).</summary>
    Task<IReadOnlyList<(string Table, StreamPosition At)>> CopySnapshotsAsync(CancellationToken cancellationToken);

    /// <summary>Reads the target's tables for the rows that follow (after the start, and after each schema change).</summary>
    Task PrepareAsync(SourceModel model, CancellationToken cancellationToken);

    /// <summary>Records the stream's status (<c>running</c>, <c>stopped</c>, …) outside the apply transaction.</summary>
    Task SetStatusAsync(string status, string? error, CancellationToken cancellationToken);

    /// <summary>How rows of a logged table are applied; null when the table is not migrated.</summary>
    IApplyTable? Table(ChangeTable table, SourceModel model);

    /// <summary>Opens the apply transaction if none is open.</summary>
    ValueTask BeginAsync(CancellationToken cancellationToken);

    /// <summary>Sends what is batched when the batch is full.</summary>
    ValueTask FlushIfFullAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts committing the open transaction with the stream's progress in it; the returned task completes when the
    /// target has committed (faults when it has not). The session takes the next transaction's rows meanwhile.
    /// </summary>
    ValueTask<Task> SubmitCommitAsync(StreamProgress progress, CancellationToken cancellationToken);

    /// <summary>Drops the open transaction (its source transactions are applied again on resume).</summary>
    Task RollbackAsync();

    /// <summary>Applies a schema change inside the open transaction; the reason instead when it cannot be reproduced (nothing run then).</summary>
    /// <param name="after">The source schema after the statement.</param>
    /// <param name="actions">The statement's actions on tables of the migrated schema.</param>
    /// <param name="where">The statement's position, for messages.</param>
    /// <param name="log">Where warnings go.</param>
    Task<SchemaChangeOutcome> ApplySchemaChangeAsync(SourceModel after, IReadOnlyList<SourceDdlAction> actions, string where, Action<string> log, CancellationToken cancellationToken);
}
