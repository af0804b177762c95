using Godwit.Core.Positions;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Schema;

namespace Godwit.Core.Providers;

/// <summary>What the sync engine needs of a source: its schema, its log's head, and its change stream.</summary>
public interface IStreamSource
{
    /// <summary>How this source's positions read, order and measure.</summary>
    IStreamPositionCodec Codec { get; }

    /// <summary>The migrated schema (MySQL database) as it is now, every table of it (the spec filters later).</summary>
    Task<SourceDatabase> IntrospectAsync(CancellationToken cancellationToken);

    /// <summary>The head of the source's log now: a stream that has applied up to it has caught up.</summary>
    Task<StreamPosition> HeadAsync(CancellationToken cancellationToken);

    /// <summary>Connects a change stream.</summary>
    Task<IChangeSource> OpenChangesAsync(ChangeSourceOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="error"/> is one of this source's own, and if so whether a reconnect can cure it:
    /// <paramref name="transientKind"/> names the kind (<c>source_connection</c>), null when it cannot.
    /// </summary>
    bool TryClassify(Exception error, out string? transientKind);
}
