using System.Collections.Concurrent;
using Godwit.Core.Copy;
using Godwit.Core.Engines.Copy;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Godwit.Cluster;

/// <summary>
/// See <see cref="ICopyJobGrain"/>. Keeps nothing the target does not: it runs the ordinary <see cref="CopyEngine"/>
/// (pre-data, chunk plan, post-data) with a <see cref="GrainChunkDispatcher"/>, and the run and its chunks live in the
/// target's <c>godwit</c> state. After its silo dies, a fresh activation started again by the client resumes that run.
/// </summary>
internal sealed class CopyJobGrain(ICopyJobContextFactory contexts, ILocalSiloDetails silo, ILogger<CopyJobGrain> log) : Grain, ICopyJobGrain
{
    private readonly ConcurrentQueue<ChunkOutcome> _chunks = new();
    private Task? _run;
    private string? _error;

    public Task StartAsync(ClusterCopyJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_run is { IsCompleted: false } || (_run is { IsCompletedSuccessfully: true } && _error is null))
        {
            return Task.CompletedTask;
        }

        _error = null;
        _run = RunAsync(job);
        return Task.CompletedTask;
    }

    public Task<CopyJobStatus> StatusAsync()
    {
        var state = _run switch
        {
            null => CopyJobStatus.Idle,
            { IsCompleted: false } => CopyJobStatus.Running,
            _ when _error is not null => CopyJobStatus.Failed,
            _ => CopyJobStatus.Done,
        };
        return Task.FromResult(new CopyJobStatus(state, _error, [.. _chunks], silo.SiloAddress.ToParsableString()));
    }

    private async Task RunAsync(ClusterCopyJob job)
    {
        try
        {
            var context = await contexts.CreateAsync(job, CancellationToken.None);
            await using var source = context.NewSource();
            var dispatcher = new GrainChunkDispatcher(GrainFactory, job, context.Sink, _chunks.Enqueue);
            var engine = new CopyEngine(source, context.Sink, context.Plan, context.Options, new CopyProgress(), w => log.LogWarning("{Warning}", w), dispatcher);
            await engine.RunAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // The failure is reported to the client through StatusAsync, whatever it is.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _error = ex.Message;
        }
    }
}
