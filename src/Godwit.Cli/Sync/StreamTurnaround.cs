using Godwit.Cli.Cutover;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Engines.Sync;
using Godwit.Providers;

namespace Godwit.Cli.Sync;

/// <summary>
/// The two directions of one migration's stream, for a process that keeps following whichever database the
/// application writes to (<c>migrate --follow</c> and <c>sync</c>, unless <c>--no-reverse</c>): the forward stream
/// until a cutover switches the application to the target, then the reverse stream the cutover prepared (target →
/// source, for <c>godwit rollback</c>), then the forward stream again after a rollback, and so on. Which direction is
/// live is read from the target's cutover record, never assumed.
/// </summary>
public sealed class StreamTurnaround
{
    /// <summary>How long a direction waits for the other one to stop (it does within a second or so of a switch).</summary>
    public static readonly TimeSpan OtherDirectionPatience = TimeSpan.FromSeconds(30);

    private readonly string _forwardSchema;
    private readonly SyncRunOptions _initial;

    private StreamTurnaround(SyncRunOptions initial, SyncRunOptions reverse, string forwardSchema)
    {
        _initial = initial;
        Forward = initial with { Start = null };
        Reverse = reverse;
        _forwardSchema = forwardSchema;
    }

    /// <summary>Source → target; after a turn it resumes from its saved position (an explicit start is used once only).</summary>
    public SyncRunOptions Forward { get; }

    /// <summary>Target → source, the stream <see cref="ReverseStream"/> prepares at a cutover.</summary>
    public SyncRunOptions Reverse { get; }

    /// <summary>The turnaround of <paramref name="forward"/>, or null when Godwit cannot stream the target back into the source.</summary>
    public static StreamTurnaround? For(SyncRunOptions forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        if (!ReverseEndpoints.Supported(forward.Source, forward.Target))
        {
            return null;
        }

        return new StreamTurnaround(forward, ReverseEndpoints.ReverseRun(forward), ReverseEndpoints.TargetSchema(forward.Source, forward.Target, forward.Spec));
    }

    /// <summary>
    /// Follows the live direction with <paramref name="run"/> and turns around at every switch, until a run ends for
    /// another reason (caught up, stopped) or a switch leaves nothing to follow (a cutover with <c>--no-reverse</c>).
    /// </summary>
    public async Task<SyncOutcome> RunAsync(Func<SyncRunOptions, Task<SyncOutcome>> run, Action<string> log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(log);
        // An explicit start (the copy's position, --from) is the forward stream's, once: with it, the forward stream
        // runs first and refuses by itself if the target was cut over.
        var current = _initial.Start is null ? await LiveAsync(ct).ConfigureAwait(false) : Forward;
        var turned = false;
        while (true)
        {
            SyncOutcome outcome;
            try
            {
                await WaitForOtherDirectionAsync(current, OtherDirectionPatience, log, ct).ConfigureAwait(false);
                outcome = await run(!turned && ReferenceEquals(current, Forward) ? _initial : current).ConfigureAwait(false);
            }
            catch (StreamLockedException) when (turned)
            {
                // Another process took the stream first (a guarded cutover runs the reverse stream itself): this one
                // follows again once that one lets go, in whichever direction is live by then.
                log($"godwit: sync: stream {current.Stream} is applied by another godwit process; following it again when that one stops");
                await WaitUntilFreeAsync(current, ct).ConfigureAwait(false);
                current = await LiveAsync(ct).ConfigureAwait(false);
                continue;
            }

            if (outcome != SyncOutcome.CutOver)
            {
                return outcome;
            }

            var next = ReferenceEquals(current, Reverse) ? Forward : Reverse;
            if (ReferenceEquals(next, Reverse) && !await ReversePreparedAsync(ct).ConfigureAwait(false))
            {
                log($"godwit: sync: the cutover prepared no reverse stream (--no-reverse): nothing left to follow; `godwit rollback` is not possible");
                return outcome;
            }

            log(ReferenceEquals(next, Reverse)
                ? $"godwit: sync: the application writes to the target now: following it back into the source as stream {next.Stream} (the way back for `godwit rollback`; --no-reverse to stop here instead)"
                : $"godwit: sync: rolled back: the application writes to the source again: following it into the target as stream {next.Stream ?? _forwardSchema}");
            current = next;
            turned = true;
        }
    }

    /// <summary>The direction the application's writes flow now: the reverse stream while the target's latest cutover stands.</summary>
    public async Task<SyncRunOptions> LiveAsync(CancellationToken ct)
    {
        try
        {
            await using var control = ProviderRegistry.Target(Forward.Target).Control();
            return await control.LatestCutoverAsync(_forwardSchema, ct) is { Result: "switched" } ? Reverse : Forward;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No record to read (a target without godwit's state yet): the forward stream says what is wrong, if anything.
            return Forward;
        }
    }

    /// <summary>Whether the cutover prepared the reverse stream (it did not with <c>--no-reverse</c>).</summary>
    public async Task<bool> ReversePreparedAsync(CancellationToken ct)
    {
        await using var control = ProviderRegistry.Target(Reverse.Target).Control();
        return await control.ReadStreamAsync(Reverse.Stream!, ct) is not null;
    }

    /// <summary>
    /// Before a direction runs: waits (up to <paramref name="patience"/>) until no process applies the other direction.
    /// The two streams must never run at once: on PostgreSQL nothing tags the rows a stream applies, so the forward
    /// stream would read the reverse stream's writes back (and the other way round), and an older value could overwrite
    /// a newer one. At a switch the other direction stops by itself within a second or so.
    /// </summary>
    public async Task WaitForOtherDirectionAsync(SyncRunOptions direction, TimeSpan patience, Action<string> log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(direction);
        ArgumentNullException.ThrowIfNull(log);
        var other = ReferenceEquals(direction, Reverse) ? Forward : Reverse;
        var name = other.Stream ?? _forwardSchema;
        await using var control = ProviderRegistry.Target(other.Target).Control();
        var deadline = DateTimeOffset.UtcNow + patience;
        var said = false;
        while (await OtherApplierAsync(control, name, log, ct).ConfigureAwait(false) is not null)
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new CliException(
                    $"stream {name} (the other direction) is still applied by another godwit process: the two directions must not run at once; stop that process first.");
            }

            if (!said)
            {
                log($"godwit: sync: waiting for stream {name} (the other direction) to stop before {direction.Stream ?? _forwardSchema} starts");
                said = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Who applies the other direction now; a database that cannot say (down, or no state there yet) counts as nobody, with a warning.</summary>
    private static async Task<int?> OtherApplierAsync(Core.Providers.ITargetControl control, string stream, Action<string> log, CancellationToken ct)
    {
        try
        {
            return await control.StreamApplierAsync(stream, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log($"godwit: sync: warning: could not check whether stream {stream} (the other direction) runs ({Core.Connections.SecretMasker.Describe(ex)}); starting anyway");
            return null;
        }
    }

    /// <summary>Waits until no process applies <paramref name="direction"/>'s stream (a guarded cutover runs the reverse stream itself).</summary>
    public static async Task WaitUntilFreeAsync(SyncRunOptions direction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(direction);
        await using var control = ProviderRegistry.Target(direction.Target).Control();
        while (await control.StreamApplierAsync(direction.Stream!, ct) is not null)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}
