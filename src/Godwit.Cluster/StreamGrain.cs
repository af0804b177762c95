using Godwit.Core.Connections;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Sync;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace Godwit.Cluster;

/// <summary>
/// See <see cref="IStreamGrain"/>. On start it claims the stream's next epoch in the target (every older owner's
/// commits are refused from then on) and runs the ordinary <see cref="SyncEngine"/> with that epoch on a task the
/// activation owns. A grain timer (which keeps the activation alive) watches the task, reports to the cluster's
/// <c>stream_jobs</c>, and stops the stream when the fence has moved on (a newer activation) or its job was removed.
/// A stale activation whose commit the fence refuses stops itself: there is no retry loop.
/// </summary>
internal sealed class StreamGrain(IStreamEngineFactory engines, ILocalSiloDetails silo, WorkerNotes notes, NpgsqlDataSource cluster, ILogger<StreamGrain> log)
    : Grain, IStreamGrain
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    /// <summary>How long a new owner waits between tries for the stream's lock while an old one still holds it.</summary>
    private static readonly TimeSpan LockedRetry = TimeSpan.FromSeconds(1);

    private readonly SyncMetrics _metrics = new();
    private CancellationTokenSource? _stop;
    private Task<SyncOutcome>? _run;
    private ConnectionUri? _target;
    private long? _epoch;
    private string _state = StreamGrainStatus.Idle;
    private string? _error;
    private bool _fenceMoved;
    private bool _stopAsked;
    private IGrainTimer? _timer;

    private string Stream => this.GetPrimaryKeyString();

    private string Worker => WorkerSilo.WorkerId(silo);

    public async Task<StreamGrainStatus> EnsureRunningAsync()
    {
        if (_run is not null || _state != StreamGrainStatus.Idle)
        {
            // Running, or ended on this activation: the status says how (a failed stream is not restarted in a loop).
            return Status();
        }

        var job = await StreamJobs.LoadAsync(cluster, Stream, CancellationToken.None);
        if (job is null)
        {
            DeactivateOnIdle();
            return Status();
        }

        var (source, target) = job.Resolve();
        var epoch = await StreamFenceClaims.ClaimAsync(target, job.Stream, CancellationToken.None);
        (_target, _epoch, _state, _error) = (target, epoch, StreamGrainStatus.Running, null);
        _stop = new CancellationTokenSource();
        var engine = engines.Create(job, source, target, epoch, _metrics, log);
        var stop = _stop.Token;
        // Off the activation's scheduler: the engine is a long-running loop, the grain answers calls meanwhile.
        _run = Task.Run(() => RunAsync(engine, stop), CancellationToken.None);
        _timer ??= this.RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(Tick, Tick) { KeepAlive = true });
        notes.Write($"stream {Stream} runs here with epoch {epoch}");
        await ReportAsync();
        return Status();
    }

    public Task<StreamGrainStatus> StatusAsync() => Task.FromResult(Status());

    public async Task<StreamGrainStatus> StopAsync()
    {
        _stopAsked = true;
        await EndRunAsync();
        if (_state is StreamGrainStatus.Running or StreamGrainStatus.Idle)
        {
            _state = StreamGrainStatus.Stopped;
        }

        await ReportAsync();
        _timer?.Dispose();
        DeactivateOnIdle();
        return Status();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The silo shuts down (or the activation is given up): stop at a transaction boundary; another worker's
        // keeper starts the stream again where the target says it is.
        await EndRunAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task<SyncOutcome> RunAsync(SyncEngine engine, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                return await engine.RunAsync(stop);
            }
            catch (StreamLockedException) when (!stop.IsCancellationRequested)
            {
                // The old owner's session still holds the stream's lock (its connection has not ended yet). It cannot
                // commit any more (the fence has moved on), so it lets go at its next commit or fence check.
                await Task.Delay(LockedRetry, stop);
            }
        }
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        if (_run is { IsCompleted: true } run)
        {
            Settle(run);
            await ReportAsync();
            // A failed or cut-over stream keeps its activation, so status shows why and no keeper's poke starts it
            // again in a loop; a fenced or stopped one lets go.
            if (_state is StreamGrainStatus.Fenced or StreamGrainStatus.Stopped)
            {
                _timer?.Dispose();
                DeactivateOnIdle();
            }

            return;
        }

        if (_run is null || _target is null)
        {
            return;
        }

        try
        {
            var current = await StreamFenceClaims.CurrentAsync(_target, Stream, cancellationToken);
            var job = await StreamJobs.LoadAsync(cluster, Stream, cancellationToken);
            if (current != _epoch || job is null)
            {
                // A newer activation owns the stream, or the job was removed: stop (a stale owner's commits would be
                // refused anyway; this lets go of the stream's lock sooner).
                _fenceMoved = current != _epoch;
                _stopAsked = job is null;
                notes.Write(_fenceMoved
                    ? $"stream {Stream}: epoch {current} claimed elsewhere; this activation (epoch {_epoch}) stops"
                    : $"stream {Stream}: its job was removed; stopping");
                await _stop!.CancelAsync();
            }

            await ReportAsync();
        }
#pragma warning disable CA1031 // A check that cannot reach a database now is made again at the next tick.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            log.LogWarning("godwit: stream {Stream}: check failed: {Error}", Stream, SecretMasker.Describe(ex));
        }
    }

    /// <summary>What the finished run means for this activation.</summary>
    private void Settle(Task<SyncOutcome> run)
    {
        if (run.IsFaulted && run.Exception!.InnerException is StreamFencedException fenced)
        {
            (_state, _error) = (StreamGrainStatus.Fenced, fenced.Message);
        }
        else if (run.IsFaulted)
        {
            (_state, _error) = (StreamGrainStatus.Failed, SecretMasker.Describe(run.Exception!.InnerException!));
        }
        else if (_fenceMoved)
        {
            _state = StreamGrainStatus.Fenced;
        }
        else if (run.IsCanceled || run.Result == SyncOutcome.Stopped)
        {
            _state = StreamGrainStatus.Stopped;
        }
        else if (run.Result == SyncOutcome.CutOver)
        {
            _state = StreamGrainStatus.CutOver;
        }
        else
        {
            _state = StreamGrainStatus.Stopped;
        }

        if (_state != StreamGrainStatus.Running)
        {
            notes.Write($"stream {Stream} (epoch {_epoch}) ended here: {_state}{(_error is null ? string.Empty : ": " + _error)}");
        }
    }

    private async Task EndRunAsync()
    {
        if (_stop is not null)
        {
            await _stop.CancelAsync();
        }

        if (_run is { } run)
        {
            try
            {
                await run;
            }
#pragma warning disable CA1031 // How it ended is read from the task below.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            Settle(run);
        }
    }

    private async Task ReportAsync()
    {
        if (_epoch is not { } epoch)
        {
            return;
        }

        try
        {
            await StreamJobs.ReportAsync(cluster, Stream, Worker, epoch, _stopAsked && _state == StreamGrainStatus.Running ? StreamGrainStatus.Stopped : _state, _error, _metrics.LagSeconds, CancellationToken.None);
        }
#pragma warning disable CA1031 // Reporting is best effort: the stream itself does not depend on it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            log.LogWarning("godwit: stream {Stream}: report failed: {Error}", Stream, SecretMasker.Describe(ex));
        }
    }

    private StreamGrainStatus Status() => new(_state, Worker, _epoch, _error);
}
