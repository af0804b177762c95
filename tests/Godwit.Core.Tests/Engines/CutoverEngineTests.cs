using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Specs;
using Godwit.Core.Tests.Engines.Memory;
using Godwit.Routing;

namespace Godwit.Core.Tests.Engines;

/// <summary>The cutover engine driven by source and target controls held in memory.</summary>
public sealed class CutoverEngineTests : IDisposable
{
    private readonly MemoryStreamSource _source = new(MemoryStreamSource.Shop());
    private readonly MemorySourceControl _sourceControl;
    private readonly MemoryTargetControl _target = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("godwit-cutover-").FullName;
    private readonly List<string> _steps = [];

    public CutoverEngineTests()
    {
        _sourceControl = new MemorySourceControl(_source);
        RoutingFile.Write(RoutingPath, new RoutingState { Primary = RoutingPrimary.Source, Version = 1 });
        _source.Transaction(new MemoryChangeRows(MemoryStreamSource.Items, Providers.Changes.RowChangeKind.Insert, [(null, new MemoryRow("1", "a"))]));
        (_sourceControl.Rows, _target.Rows) = (1, 1);
    }

    private string RoutingPath => Path.Combine(_directory, "routing.json");

    [Fact]
    public async Task A_drained_stream_is_switched_after_the_freeze_with_identities_moved_and_the_routing_file_written_last()
    {
        _target.Applied = () => _source.Head;

        var report = await CutOverAsync();

        Assert.Equal(CutoverReport.Switched, report.Result);
        Assert.Equal([CutoverStep.Gates, CutoverStep.Freeze, CutoverStep.Drain, CutoverStep.Sequences, CutoverStep.FinalCheck, CutoverStep.Switch, CutoverStep.Hold], _steps);
        Assert.Equal(["freeze"], _sourceControl.Actions);
        Assert.Equal(["\"shop\".\"items\".id ≥ 2"], _target.Identities);
        Assert.Equal(RoutingPrimary.Target, RoutingFile.Read(RoutingPath)!.Primary);
        Assert.Equal(CutoverReport.Switched, _target.Cutovers.Single().Result);
    }

    [Fact]
    public async Task A_stream_that_does_not_drain_aborts_the_cutover_and_leaves_the_source_writable()
    {
        var before = _source.Head;
        _target.Applied = () => before;

        // A write the stream never applies lands just before the freeze.
        var report = await CutOverAsync(freezeTimeout: TimeSpan.FromMilliseconds(300), beforeFreeze: () => _source.Transaction());

        Assert.Equal(CutoverReport.Aborted, report.Result);
        Assert.Contains("did not apply the frozen position #5", report.AbortReason, StringComparison.Ordinal);
        Assert.True(report.SourceWritable);
        Assert.Equal(["freeze", "unfreeze"], _sourceControl.Actions);
        Assert.Equal(RoutingPrimary.Source, RoutingFile.Read(RoutingPath)!.Primary);
    }

    [Fact]
    public async Task Gates_that_fail_abort_before_anything_is_frozen()
    {
        _target.Applied = () => _source.Head;
        _target.StreamRunning = false;

        var report = await CutOverAsync();

        Assert.Equal(CutoverReport.Aborted, report.Result);
        Assert.Contains("the change stream shop is not running", report.AbortReason, StringComparison.Ordinal);
        Assert.Empty(_sourceControl.Actions);
        Assert.Empty(_target.Cutovers);
    }

    [Fact]
    public async Task Counts_that_differ_once_frozen_abort_at_the_final_check_and_unfreeze()
    {
        _target.Applied = () => _source.Head;

        var report = await CutOverAsync(beforeFinalCheck: () => _target.Rows = 0);

        Assert.Equal(CutoverReport.Aborted, report.Result);
        Assert.Contains("the final count check found differences: shop.items (source 1, target 0)", report.AbortReason, StringComparison.Ordinal);
        Assert.Equal(["freeze", "unfreeze"], _sourceControl.Actions);
        Assert.Equal(CutoverReport.Aborted, _target.Cutovers.Single().Result);
    }

    [Fact]
    public async Task An_interrupted_cutover_is_undone_by_the_repair_and_a_switched_one_is_refused()
    {
        _sourceControl.ReadOnly = true;
        await _target.BeginCutoverAsync("shop", "shop", "shop", CancellationToken.None);
        await _target.StepAsync(1, CutoverStep.Drain, true, null, null, null, CancellationToken.None);

        var repaired = await new CutoverRepair(_sourceControl, _target, Options(TimeSpan.FromSeconds(5)), _ => { }).RunAsync("shop", CancellationToken.None);

        Assert.Equal("the source is writable again", repaired);
        Assert.Equal(["force unfreeze"], _sourceControl.Actions);
        Assert.Equal(CutoverReport.Aborted, _target.Cutovers.Single().Result);

        _sourceControl.ReadOnly = true;
        await _target.BeginCutoverAsync("shop", "shop", "shop", CancellationToken.None);
        await _target.FinishCutoverAsync(2, CutoverReport.Switched, true, null, null, null, "{}", CancellationToken.None);
        var refused = await Assert.ThrowsAsync<CutoverAbortedException>(
            () => new CutoverRepair(_sourceControl, _target, Options(TimeSpan.FromSeconds(5)), _ => { }).RunAsync("shop", CancellationToken.None));
        Assert.Contains("switched to the target already", refused.Message, StringComparison.Ordinal);
        Assert.True(_sourceControl.ReadOnly);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private CutoverOptions Options(TimeSpan freezeTimeout) => new()
    {
        Source = ConnectionUri.Parse("mysql://godwit@127.0.0.1:3307/shop"),
        Target = ConnectionUri.Parse("postgresql://godwit@127.0.0.1:5433/godwit"),
        Spec = new MigrationSpec(),
        FreezeTimeout = freezeTimeout,
        Grace = TimeSpan.Zero,
        SwitchHold = TimeSpan.Zero,
        RoutingFile = RoutingPath,
    };

    private async Task<CutoverReport> CutOverAsync(TimeSpan? freezeTimeout = null, Action? beforeFreeze = null, Action? beforeFinalCheck = null)
    {
        var observer = new StepObserver(_steps, new Dictionary<string, Action?> { [CutoverStep.Freeze] = beforeFreeze, [CutoverStep.FinalCheck] = beforeFinalCheck });
        var engine = new CutoverEngine(Options(freezeTimeout ?? TimeSpan.FromSeconds(30)), _source, _sourceControl, _target, observer);
        return await engine.RunAsync(CancellationToken.None);
    }

    /// <summary>Records the steps that finished, and acts just before a chosen one starts.</summary>
    private sealed class StepObserver(List<string> steps, Dictionary<string, Action?> before) : ICutoverObserver
    {
        public Task StepStartingAsync(string step, CancellationToken cancellationToken)
        {
            if (before.TryGetValue(step, out var act))
            {
                act?.Invoke();
            }

            return Task.CompletedTask;
        }

        public void StepFinished(CutoverStepResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            if (result.Status == CutoverStepResult.Ok)
            {
                steps.Add(result.Name);
            }
        }

        public void Log(string message)
        {
        }
    }
}
