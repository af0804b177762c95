using Godwit.Core.Connections;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Positions;
using Godwit.Core.Specs;
using Godwit.Core.Types;

namespace Godwit.Cli.Sync;

/// <summary>What a <c>godwit sync</c> or <c>migrate --follow</c> run streams from where to where (the engine's options, <see cref="ToEngineOptions"/>), and when it stops.</summary>
public sealed record SyncRunOptions
{
    public required ConnectionUri Source { get; init; }

    public required ConnectionUri Target { get; init; }

    /// <summary>The spec: tables include/exclude, type rules, target schema and identifier case (as the copy used them).</summary>
    public required MigrationSpec Spec { get; init; }

    /// <summary>The stream's name in <c>godwit.sync_state</c>; null: the target schema's name.</summary>
    public string? Stream { get; init; }

    /// <summary>An explicit start (<c>--from</c>, <c>--from-gtid</c>); replaces the stream's saved position. Null: resume, or start where the copy says.</summary>
    public StreamPosition? Start { get; init; }

    /// <summary>The replica server id; null: a stable id derived from the stream and target.</summary>
    public uint? ServerId { get; init; }

    public OnDdlMode OnDdl { get; init; } = OnDdlMode.Apply;

    /// <summary>Return once everything the source had written when the run started is applied.</summary>
    public bool UntilCaughtUp { get; init; }

    /// <summary>The longest an apply transaction stays open while events keep coming (the lag this adds at most).</summary>
    public TimeSpan MaxCommitDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Source transactions batched into one target transaction at most (also bounded by rows and time).</summary>
    public int MaxTransactionsPerCommit { get; init; } = 2000;

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The stream grain's epoch (<c>sync --cluster</c>), checked in every apply commit; null: one process, no fence.</summary>
    public long? Epoch { get; init; }

    /// <summary>The sync engine's options for this run.</summary>
    public SyncEngineOptions ToEngineOptions() => new()
    {
        Mapper = SchemaMappers.For(Source.Engine, Target.Engine),
        Spec = Spec,
        Stream = Stream,
        Start = Start,
        ReaderId = ServerId,
        OnDdl = OnDdl,
        UntilCaughtUp = UntilCaughtUp,
        MaxCommitDelay = MaxCommitDelay,
        MaxTransactionsPerCommit = MaxTransactionsPerCommit,
        MaxReconnectDelay = MaxReconnectDelay,
        HeartbeatPeriod = HeartbeatPeriod,
        Epoch = Epoch,
    };
}
