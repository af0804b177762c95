using Godwit.Core.Positions;
using Godwit.Core.Specs;

namespace Godwit.Core.Engines.Sync;

/// <summary>What <see cref="SyncEngine"/> streams, and when it stops.</summary>
public sealed record SyncEngineOptions
{
    /// <summary>The type decisions of the source and target engines (<see cref="Types.SchemaMappers"/>).</summary>
    public required Types.ISchemaMapper Mapper { get; init; }

    /// <summary>The spec: tables include/exclude, type rules, target schema and identifier case (as the copy used them).</summary>
    public required MigrationSpec Spec { get; init; }

    /// <summary>The stream's id in the target's state store; null: the target schema's name.</summary>
    public string? Stream { get; init; }

    /// <summary>An explicit start (<c>--from</c>); replaces the stream's saved position. Null: resume, or start where the copy says.</summary>
    public StreamPosition? Start { get; init; }

    /// <summary>The source reader's id (MySQL replica server id); null: derived from the stream and target.</summary>
    public uint? ReaderId { get; init; }

    public OnDdlMode OnDdl { get; init; } = OnDdlMode.Apply;

    /// <summary>Only the rows this keeps are applied (a tenant move); null: every row.</summary>
    public IChangeRowFilter? RowFilter { get; init; }

    /// <summary>Return once everything the source had written when the run started is applied.</summary>
    public bool UntilCaughtUp { get; init; }

    /// <summary>The longest an apply transaction stays open while events keep coming (the lag this adds at most).</summary>
    public TimeSpan MaxCommitDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Source transactions batched into one target transaction at most (also bounded by <see cref="MaxRowsPerCommit"/> and time).</summary>
    public int MaxTransactionsPerCommit { get; init; } = 2000;

    /// <summary>Rows batched into one target transaction at most (checked at source transaction ends).</summary>
    public int MaxRowsPerCommit { get; init; } = 50_000;

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The stream owner's fencing token (a stream grain's epoch on the cluster), carried by every apply commit so the
    /// target refuses it once a newer owner has claimed the stream (<see cref="StreamFencedException"/>). Null: no fence.
    /// </summary>
    public long? Epoch { get; init; }
}
