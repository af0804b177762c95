using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Sync;
using Microsoft.Extensions.Logging;

namespace Godwit.Core.Engines.Sync;

/// <summary>
/// The sync engine: reads a source's change stream (<see cref="IStreamSource"/>) from the target's saved position and
/// applies each source transaction to the target (<see cref="IStreamTarget"/>) atomically, many source transactions
/// per target transaction, with the position committed in the same target transaction, so every source transaction
/// is applied exactly once across crashes. A lost source or target connection reconnects with backoff and resumes
/// from the committed position. One connected attempt is a <see cref="SyncAttempt"/>; when a batch commits is
/// <see cref="SyncCommitter"/>'s business.
/// </summary>
public sealed class SyncEngine
{
    private bool _explicitStartUsed;

    public SyncEngine(SyncEngineOptions options, IStreamSource source, IStreamTarget target, SyncMetrics metrics, ILogger logger)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Target = target ?? throw new ArgumentNullException(nameof(target));
        Metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    internal SyncEngineOptions Options { get; }

    internal IStreamSource Source { get; }

    internal IStreamTarget Target { get; }

    internal SyncMetrics Metrics { get; }

    internal ILogger Logger { get; }

    internal IStreamPositionCodec Codec => Source.Codec;

    /// <summary>Keyless tables already warned about (once per run, not once per reconnect).</summary>
    internal HashSet<string> KeylessWarned { get; } = new(StringComparer.Ordinal);

    /// <summary>Streams until caught up (with <see cref="SyncEngineOptions.UntilCaughtUp"/>), cut over, or cancelled; throws on an error a reconnect cannot cure.</summary>
    public async Task<SyncOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var goal = Options.UntilCaughtUp ? await Source.HeadAsync(cancellationToken).ConfigureAwait(false) : null;
        var backoff = new RetryBackoff(Options.MaxReconnectDelay);
        while (true)
        {
            var attempt = new SyncAttempt(this, goal);
            try
            {
                return await attempt.RunAsync(backoff, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return SyncOutcome.Stopped;
            }
            catch (StreamFencedException ex)
            {
                // A newer owner holds the stream: this one stops at once (a retry would only be refused again), and
                // records nothing in the stream's state, which is the new owner's now.
                Metrics.CountError("fenced");
                Logger.LogWarning("godwit: sync: {Reason}; this owner stops", ex.Message);
                throw;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && SyncErrors.TransientKind(ex, Source, Target) is { } kind)
            {
                Metrics.CountError(kind);
                Metrics.CountReconnect(DateTimeOffset.UtcNow);
                var delay = backoff.NextDelay();
                var reason = SyncErrors.Describe(kind, ex);
                Logger.LogWarning("godwit: sync: {Reason}; reconnecting in {Delay} s", reason, delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
                await attempt.RecordErrorAsync(reason, fatal: false).ConfigureAwait(false);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (StreamLockedException)
            {
                // Another process applies the stream: its state is that process's to report, not a failure of ours.
                throw;
            }
            catch (Exception ex)
            {
                Metrics.CountError(ex is SyncStoppedException ? "ddl" : "fatal");
                await attempt.RecordErrorAsync(SecretMasker.Describe(ex), fatal: true).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>The explicit start, the first time only: a reconnect resumes from what has been committed since.</summary>
    internal StreamPosition? TakeExplicitStart()
    {
        var start = _explicitStartUsed ? null : Options.Start;
        _explicitStartUsed = true;
        return start;
    }
}
