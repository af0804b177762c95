using Godwit.Core.Assessment;
using Godwit.Core.Copy;
using Godwit.Core.Positions;
using Godwit.Core.Schema;
using Godwit.Core.Verify;

namespace Godwit.Core.Providers;

/// <summary>
/// A source database as every command sees it, whatever its engine: its schema and facts, its log, its change stream,
/// its snapshot copy, its freeze, and its verify endpoint. Made from a URI by the provider registry.
/// </summary>
public interface ISourceProvider
{
    /// <summary>The schema (MySQL database) the URI names.</summary>
    string Schema { get; }

    /// <summary>How this source's positions read, order and measure.</summary>
    IStreamPositionCodec Codec { get; }

    /// <summary>The change stream's source (also the schema and the log's head).</summary>
    IStreamSource Stream { get; }

    /// <summary>The schema as it is now, every table of it (the spec filters later).</summary>
    Task<SourceDatabase> IntrospectAsync(CancellationToken cancellationToken);

    /// <summary>What assess checks about the server and the schema.</summary>
    Task<SourceFacts> GatherFactsAsync(SourceDatabase database, bool countZeroDates, CancellationToken cancellationToken);

    /// <summary>The log's head now, and how far a position is behind it.</summary>
    Task<SourceLog> ReadLogAsync(CancellationToken cancellationToken);

    /// <summary>Reads an operator's GTID text (<c>--from-gtid</c>) as a start position; false with the reason when it is not one.</summary>
    bool TryParseTransactionState(string text, out StreamPosition position, out string reason);

    /// <summary>
    /// The bulk copy's source (consistent snapshot and chunks) for the stream <paramref name="streamKey"/>
    /// (<see cref="StreamKeys"/>) that continues from it; the caller disposes it.
    /// </summary>
    ICopySource CopySource(string streamKey);

    /// <summary>The cutover's control of the source; the caller disposes it.</summary>
    ISourceControl Control(Action<string> log);

    /// <summary>Verify's endpoint on the source; the caller disposes it.</summary>
    IVerifyEndpoint VerifyEndpoint();
}
