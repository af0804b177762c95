using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Verify;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>The target's control in memory: the cutover records, a stream whose applied position a test sets, and a row count.</summary>
internal sealed class MemoryTargetControl : ITargetControl
{
    public List<(long Id, string Step, bool SourceFrozen, string? Result, long? RoutingVersion)> Cutovers { get; } = [];

    /// <summary>The stream's applied position (null: nothing applied); read by the drain.</summary>
    public Func<StreamPosition?> Applied { get; set; } = () => null;

    /// <summary>Whether a process applies the stream.</summary>
    public bool StreamRunning { get; set; } = true;

    public long Rows { get; set; }

    public List<string> Identities { get; } = [];

    public Task<IAsyncDisposable?> LockCutoverAsync(string schema, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(new Released());

    public Task<CutoverRecord?> LatestCutoverAsync(string schema, CancellationToken cancellationToken) =>
        Task.FromResult(Cutovers.Count == 0 ? null : Cutovers[^1] is var c ? new CutoverRecord(c.Id, c.Step, c.SourceFrozen, c.Result) : null);

    public Task<long> BeginCutoverAsync(string? stream, string sourceSchema, string targetSchema, CancellationToken cancellationToken)
    {
        Cutovers.Add((Cutovers.Count + 1, "gates", false, null, null));
        return Task.FromResult((long)Cutovers.Count);
    }

    public Task StepAsync(long id, string step, bool sourceFrozen, string? position, string? transactionState, long? reservedVersion, CancellationToken cancellationToken)
    {
        Cutovers[(int)id - 1] = Cutovers[(int)id - 1] with { Step = step, SourceFrozen = sourceFrozen, RoutingVersion = reservedVersion ?? Cutovers[(int)id - 1].RoutingVersion };
        return Task.CompletedTask;
    }

    public Task SwitchCommandStartingAsync(long id, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<(long? UndoVersion, bool SwitchCommandStarted)> SwitchFactsAsync(long id, CancellationToken cancellationToken) =>
        Task.FromResult<(long?, bool)>((Cutovers[(int)id - 1].RoutingVersion, false));

    public Task<long> MaxRoutingVersionAsync(string schema, CancellationToken cancellationToken) => Task.FromResult(Cutovers.Max(c => c.RoutingVersion) ?? 0);

    public Task FinishCutoverAsync(long id, string result, bool sourceFrozen, long? freezeMs, long? routingVersion, string? abortReason, string reportJson, CancellationToken cancellationToken)
    {
        Cutovers[(int)id - 1] = Cutovers[(int)id - 1] with { Result = result, SourceFrozen = sourceFrozen };
        return Task.CompletedTask;
    }

    public Task<StreamState?> FindStreamAsync(string? stream, string sourceSchema, string targetSchema, CancellationToken cancellationToken) =>
        ReadStreamAsync(stream ?? targetSchema, cancellationToken);

    public Task<StreamState?> ReadStreamAsync(string stream, CancellationToken cancellationToken) =>
        Task.FromResult<StreamState?>(new StreamState(stream, "running", null, 0, Applied()));

    public Task<int?> StreamApplierAsync(string stream, CancellationToken cancellationToken) => Task.FromResult(StreamRunning ? 4242 : (int?)null);

    public Task<GateResults> CheckAsync(PgSchemaPlan plan, CancellationToken cancellationToken) => Task.FromResult(new GateResults([], ["memory target ready"]));

    public Task<IReadOnlyList<string>> MoveSequencesAsync(IReadOnlyList<SequenceMark> marks, long gap, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    public Task<IReadOnlyList<string>> MoveIdentitiesAsync(IReadOnlyList<IdentityMark> marks, long gap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marks);
        Identities.AddRange(marks.Select(m => $"{m.Table.QualifiedName}.{m.Column} ≥ {m.Next + gap}"));
        return Task.FromResult<IReadOnlyList<string>>(Identities);
    }

    public Task<string?> AcceptWritesAsync(string schema, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Dictionary<long, string> Guards { get; } = [];

    public Task RecordGuardAsync(long id, string guardJson, CancellationToken cancellationToken)
    {
        Guards[id] = guardJson;
        return Task.CompletedTask;
    }

    public Task<string?> LatestGuardAsync(string schema, CancellationToken cancellationToken) =>
        Task.FromResult(Cutovers.Count == 0 ? null : Guards.GetValueOrDefault(Cutovers[^1].Id));

    public Task MarkRolledBackAsync(string schema, CancellationToken cancellationToken)
    {
        var last = Cutovers.FindLastIndex(c => c.Result == "switched");
        if (last >= 0)
        {
            Cutovers[last] = Cutovers[last] with { Result = "rolled-back" };
        }

        return Task.CompletedTask;
    }

    public IVerifyEndpoint VerifyEndpoint() => new MemoryVerifyEndpoint(() => Rows);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Released : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
