using Godwit.Core.Positions;
using Godwit.Core.Schema;

namespace Godwit.Core.Providers.Changes;

/// <summary>
/// A source's change stream from a start position, like a channel reader: <see cref="ReadAsync"/> completes at once
/// when an event is buffered, which tells the sync engine whether the source is busy or quiet.
/// </summary>
public interface IChangeSource : IAsyncDisposable
{
    /// <summary>The next event; null when the source ended the stream (it went away; reconnect).</summary>
    ValueTask<ChangeEvent?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>The resume point after the last complete transaction read (it moves past skipped events too); null before the first.</summary>
    StreamPosition? Checkpoint { get; }

    /// <summary>The source schema now, for values the log alone cannot decode (MariaDB's UUID and INET columns look like BINARY(n)).</summary>
    void UseSchema(SourceDatabase schema);

    /// <summary>
    /// The target has committed everything up to <paramref name="committed"/> (a checkpoint or heartbeat resume point
    /// this source gave). A source that keeps its log for its reader (a PostgreSQL replication slot) may release what
    /// lies before it; called only after the target's commit, never before, so a crash can never lose a change.
    /// </summary>
    void Acknowledge(StreamPosition committed);
}
