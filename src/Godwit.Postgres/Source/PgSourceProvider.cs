using Godwit.Core.Assessment;
using Godwit.Core.Connections;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Types;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Schema;
using Godwit.Core.Verify;
using Godwit.Postgres.Verify;

namespace Godwit.Postgres.Source;

/// <summary>
/// One schema of a PostgreSQL database as a migration's source: <c>postgresql://…/db?schema=NAME</c> (default
/// <c>public</c>); the target gets the same schema name. The stream reads a logical replication slot (pgoutput).
/// </summary>
public sealed class PgSourceProvider : ISourceProvider
{
    public const string SchemaOption = "schema";
    public const string DefaultSchema = "public";

    private readonly ConnectionUri _uri;
    private readonly PgStreamSource _stream;

    public PgSourceProvider(ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (string.IsNullOrEmpty(uri.Database))
        {
            throw new ArgumentException($"the source URI must name the database, e.g. postgresql://user@host:5432/shop (got {uri})", nameof(uri));
        }

        Schema = uri.GetOption(SchemaOption) ?? DefaultSchema;
        _uri = uri.WithoutOption(SchemaOption);
        _stream = new PgStreamSource(_uri, IntrospectAsync);
    }

    public string Schema { get; }

    public IStreamPositionCodec Codec => PgLsnCodec.Instance;

    public IStreamSource Stream => _stream;

    /// <summary>The schema's tables and columns, and its DDL as pg_dump writes it (pre-data and post-data).</summary>
    public async Task<SourceDatabase> IntrospectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        var database = await PgSourceIntrospector.ReadAsync(connection, Schema, cancellationToken).ConfigureAwait(false);
        var major = connection.PostgreSqlVersion.Major;
        return database with { NativeDdl = await PgDump.SchemaAsync(_uri, Schema, major, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>Logical replication's needs, replica identities, and what a stream cannot carry (<see cref="PgSourceAssessment"/>); nothing here scans data.</summary>
    public Task<IReadOnlyList<Finding>> AssessAsync(
        SourceDatabase database, SchemaCasts casts, PgSchemaPlan plan, ConnectionUri? target, bool scan, CancellationToken cancellationToken) =>
        PgSourceAssessment.CheckAsync(_uri, database, target, cancellationToken);

    public Task<IReadOnlyList<SourceFix>> FixesAsync(SourceDatabase database, CancellationToken cancellationToken) =>
        PgSourceAssessment.FixesAsync(_uri, database, cancellationToken);

    public async Task ApplyFixAsync(SourceFix fix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fix);
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        await using var command = new Npgsql.NpgsqlCommand(fix.Sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SourceLog> ReadLogAsync(CancellationToken cancellationToken) =>
        new PgSourceLog(await PgStreamSource.WalHeadAsync(_uri, cancellationToken).ConfigureAwait(false));

    /// <summary>A PostgreSQL source has no GTIDs; a start is a WAL position (<c>--from X/Y</c>).</summary>
    public bool TryParseTransactionState(string text, out StreamPosition position, out string reason)
    {
        position = PgLsnCodec.FromLsn(0);
        reason = "a PostgreSQL source has no GTIDs: give a WAL position with --from X/Y";
        return false;
    }

    public ICopySource CopySource(string streamKey) => new PgCopySource(_uri, Schema, PgSlotNames.For(streamKey));

    public ISourceControl Control(Action<string> log) => new PgSourceControl(_uri, Schema, log);

    public IVerifyEndpoint VerifyEndpoint() => new PgVerifyEndpoint(_uri);
}
