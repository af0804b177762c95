using Godwit.Core.Assessment;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Types;
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

    /// <summary>
    /// Whether the URI names several schemas (or, for PostgreSQL, none: every one), so tables are known by schema and
    /// name and <see cref="Schema"/> is the migration's name rather than a schema (<see cref="SourceDatabase.KeysBySchema"/>).
    /// </summary>
    bool KeysBySchema => false;

    /// <summary>How this source's positions read, order and measure.</summary>
    IStreamPositionCodec Codec { get; }

    /// <summary>The change stream's source (also the schema and the log's head).</summary>
    IStreamSource Stream { get; }

    /// <summary>The schema as it is now, every table of it (the spec filters later).</summary>
    Task<SourceDatabase> IntrospectAsync(CancellationToken cancellationToken);

    /// <summary>What assess finds on the source server and in the schema that would stop or spoil the migration.</summary>
    /// <param name="database">The schema (through the spec's table filter).</param>
    /// <param name="casts">Each column's type decision.</param>
    /// <param name="plan">The target schema's plan.</param>
    /// <param name="target">The target, when assess was given one (a same-engine source compares what both have installed).</param>
    /// <param name="scan">Whether to scan the data (zero dates and the like), not only the catalog.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    Task<IReadOnlyList<Finding>> AssessAsync(
        SourceDatabase database, SchemaCasts casts, PgSchemaPlan plan, ConnectionUri? target, bool scan, CancellationToken cancellationToken);

    /// <summary>The changes to the source that fix what assess found and Godwit can fix (<c>assess --fix</c>); empty when none.</summary>
    Task<IReadOnlyList<SourceFix>> FixesAsync(SourceDatabase database, CancellationToken cancellationToken);

    /// <summary>Makes one fix on the source.</summary>
    Task ApplyFixAsync(SourceFix fix, CancellationToken cancellationToken);

    /// <summary>The log's head now, and how far a position is behind it.</summary>
    Task<SourceLog> ReadLogAsync(CancellationToken cancellationToken);

    /// <summary>Reads an operator's GTID text (<c>--from-gtid</c>) as a start position; false with the reason when it is not one.</summary>
    bool TryParseTransactionState(string text, out StreamPosition position, out string reason);

    /// <summary>
    /// Removes what the stream <paramref name="streamKey"/> holds on the source (a PostgreSQL slot and publication) once
    /// the migration is over; returns what it removed, empty when there was nothing.
    /// </summary>
    Task<IReadOnlyList<string>> ForgetStreamAsync(string streamKey, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a starting point for a new stream <paramref name="streamKey"/> from now on, without a copy (the reverse
    /// stream a cutover prepares inside its freeze): on PostgreSQL the publication of the schema's tables and a
    /// logical slot made now, which keeps every later change; on MySQL the binlog position now. Returns the position.
    /// </summary>
    Task<StreamPosition> StartStreamAsync(string streamKey, CancellationToken cancellationToken);

    /// <summary>
    /// The bulk copy's source (consistent snapshot and chunks) for the stream <paramref name="streamKey"/>
    /// (<see cref="StreamKeys"/>) that continues from it; the caller disposes it.
    /// </summary>
    ICopySource CopySource(string streamKey);

    /// <summary>The cutover's control of the source; the caller disposes it.</summary>
    ISourceControl Control(Action<string> log);

    /// <summary>Verify's endpoint on the source; the caller disposes it.</summary>
    IVerifyEndpoint VerifyEndpoint();

    /// <summary>
    /// Installs what records the source's DDL into the change stream at its exact position (a PostgreSQL source's event
    /// trigger); returns what it made. A source whose log carries DDL already (MySQL's binlog) refuses.
    /// </summary>
    Task<IReadOnlyList<string>> InstallDdlTriggerAsync(CancellationToken cancellationToken) =>
        throw new UnsupportedEndpointException("this source engine logs its DDL in its change stream already: there is no DDL trigger to install");

    /// <summary>Removes what <see cref="InstallDdlTriggerAsync"/> made; returns what it removed, empty when there was nothing.</summary>
    Task<IReadOnlyList<string>> RemoveDdlTriggerAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>What a tenant move needs of this source (keys, counts, the tenant's freeze, purge); an engine without it refuses tenant moves.</summary>
    Tenants.ITenantSource TenantSource() => throw new UnsupportedEndpointException($"tenant moves from this source engine ({Schema}) are not supported yet");
}
