using Godwit.Core.Positions;
using Godwit.Core.Providers;

namespace Godwit.Core.Engines.Cutover;

/// <summary>
/// The way back, prepared by a cutover before traffic moves (Vitess's SwitchTraffic does the same: the reverse stream is
/// made stopped, at a position taken while nothing writes). Before the freeze, the new primary makes the stream's
/// starting point (<see cref="ISourceProvider.StartStreamAsync"/>: a PostgreSQL slot, whose making waits for the
/// transactions running then, so a long one delays the gates, not the freeze). Inside the freeze, once the forward
/// stream has drained, the new primary's head is where the reverse stream starts: everything before it came from the
/// old source, everything after it is the application's, so no write made after the switch can be missed and none is
/// sent back twice. The reverse stream's state is kept on the old source; <c>godwit sync --reverse</c> applies it and
/// <c>godwit rollback</c> switches back.
/// </summary>
/// <param name="newPrimary">The cutover's target, read as a source.</param>
/// <param name="oldSource">The cutover's source, written as a target.</param>
/// <param name="oldSourceControl">The old source's records (an earlier switch onto it that this one supersedes).</param>
/// <param name="stream">The reverse stream's id.</param>
/// <param name="sourceSchema">The schema the reverse stream reads (the cutover's target schema).</param>
/// <param name="targetSchema">The schema it writes (the cutover's source database).</param>
public sealed class ReverseStream(ISourceProvider newPrimary, IStreamTarget oldSource, Func<ITargetControl> oldSourceControl, string stream, string sourceSchema, string targetSchema)
{
    private StreamPosition? _slot;

    public string Stream => stream;

    /// <summary>The reverse stream's id for a forward stream.</summary>
    public static string NameFor(string forwardStream) => forwardStream + "_reverse";

    /// <summary>Before the freeze: the starting point on the new primary and the state on the old source; null when ready, else what is wrong.</summary>
    public async Task<string?> PrepareAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Its state lives on the old source (the godwit database there): proves the account may create and write it.
            await using (var session = await oldSource.OpenAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                await session.EnsureStateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"the reverse stream {stream} cannot keep its state on the source ({Connections.SecretMasker.Describe(ex)}): give the account the rights, or cut over with --no-reverse";
        }

        try
        {
            _slot = await newPrimary.StartStreamAsync(StreamKeys.Of(oldSource, stream), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"the reverse stream {stream} cannot start on the target ({Connections.SecretMasker.Describe(ex)}), or cut over with --no-reverse";
        }
    }

    /// <summary>
    /// After an aborted cutover: the starting point made at the gates goes again (a PostgreSQL slot would keep the
    /// target's WAL until the next attempt). Returns a warning when it could not be removed, else null.
    /// </summary>
    public async Task<string?> AbandonAsync()
    {
        if (_slot is null)
        {
            return null;
        }

        try
        {
            await newPrimary.ForgetStreamAsync(StreamKeys.Of(oldSource, stream), CancellationToken.None).ConfigureAwait(false);
            _slot = null;
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"the reverse stream's starting point on the target could not be removed ({Connections.SecretMasker.Describe(ex)}): the next cutover makes it again; to abandon the migration, drop the target's godwit_ replication slot by hand";
        }
    }

    /// <summary>
    /// After the switch: an earlier switch onto the old source (a rollback's, recorded there as switched) is over, so its
    /// record is marked rolled back. Until it is, a stream into the old source refuses to start (it would write under
    /// an application that writes there), and the reverse stream prepared here could never run. Done only once the
    /// routing file has moved: an abort before that leaves the old source the primary, as its record says. Returns a
    /// warning when the record could not be marked, else null.
    /// </summary>
    public async Task<string?> SupersedeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var control = oldSourceControl();
            await control.MarkRolledBackAsync(targetSchema, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"the earlier switch onto the source could not be marked rolled back there ({Connections.SecretMasker.Describe(ex)}): "
                + $"a stream into it refuses to start until it is (UPDATE godwit.cutovers SET result = 'rolled-back' WHERE result = 'switched' AND target_schema = '{targetSchema}')";
        }
    }

    /// <summary>Inside the freeze, after the drain: records the reverse stream at the new primary's head, stopped; returns what it did.</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        if (_slot is null)
        {
            throw new InvalidOperationException("the reverse stream was not prepared (PrepareAsync) before the freeze");
        }

        var start = await newPrimary.Stream.HeadAsync(cancellationToken).ConfigureAwait(false);
        await using var session = await oldSource.OpenAsync(stream, cancellationToken).ConfigureAwait(false);
        await session.EnsureStateAsync(cancellationToken).ConfigureAwait(false);
        await session.ResolveStartAsync(new StreamStartRequest(sourceSchema, targetSchema, start), cancellationToken).ConfigureAwait(false);
        await session.SetStatusAsync("stopped", null, cancellationToken).ConfigureAwait(false);
        return $"reverse stream {stream} starts at {newPrimary.Codec.Format(start)} (stopped; `godwit sync --reverse` applies it)";
    }
}
