using System.Diagnostics;

namespace Godwit.Core.Verify;

/// <summary>Verifies every table of a run, one after another (chunks within a table run in parallel), recording progress for resume.</summary>
public sealed class VerifyRunner
{
    private readonly IVerifyEndpoint _source;
    private readonly IVerifyEndpoint _target;
    private readonly VerifyOptions _options;
    private readonly ITargetCatchUp _catchUp;
    private readonly IVerifyProgressStore? _store;
    private readonly IVerifyProgress? _progress;
    private readonly IVerifyChunkDispatcher? _chunks;

    /// <param name="chunks">Compares chunks elsewhere (the cluster's workers); null: in this process.</param>
    public VerifyRunner(
        IVerifyEndpoint source, IVerifyEndpoint target, VerifyOptions options, ITargetCatchUp? catchUp, IVerifyProgressStore? store, IVerifyProgress? progress,
        IVerifyChunkDispatcher? chunks = null)
    {
        _chunks = chunks;
        _source = source;
        _target = target;
        _options = options;
        _catchUp = catchUp ?? NoCatchUp.Instance;
        _store = store;
        _progress = progress;
    }

    public async Task<VerifyReport> RunAsync(string runId, string description, IReadOnlyList<VerifyTable> tables, bool restart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var clock = Stopwatch.StartNew();
        if (_store is not null)
        {
            await _store.BeginAsync(runId, description, restart, cancellationToken);
        }

        var verifier = new TableVerifier(_source, _target, _options, _catchUp, _store, runId, _progress, _chunks);
        var results = new List<TableVerifyResult>(tables.Count);
        foreach (var table in tables)
        {
            results.Add(await verifier.VerifyAsync(table, cancellationToken));
        }

        if (_store is not null)
        {
            await _store.FinishAsync(runId, cancellationToken);
        }

        return new VerifyReport(runId, _options.Mode, results, clock.Elapsed);
    }
}
