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
/// A PostgreSQL database as a migration's source: the schemas the URI names (<c>postgresql://…/db?schema=a,b</c>), or
/// every non-system schema (<see cref="PgSourceSchemas"/>); each lands in the schema of the same name on the target.
/// The stream reads a logical replication slot (pgoutput).
/// </summary>
public sealed class PgSourceProvider : ISourceProvider
{
    public const string SchemaOption = "schema";

    /// <summary>The name a migration of several schemas goes by, when not the database's (<see cref="PgSourceSchemas"/>).</summary>
    public const string MigrationOption = "migration";

    /// <summary>SQLSTATE insufficient_privilege.</summary>
    private const string InsufficientPrivilege = "42501";

    private readonly ConnectionUri _uri;
    private readonly PgStreamSource _stream;
    private readonly PgSourceSchemas _schemas;

    public PgSourceProvider(ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (string.IsNullOrEmpty(uri.Database))
        {
            throw new ArgumentException($"the source URI must name the database, e.g. postgresql://user@host:5432/shop (got {uri})", nameof(uri));
        }

        try
        {
            _schemas = new PgSourceSchemas(uri.GetOption(SchemaOption), uri.Database, uri.GetOption(MigrationOption));
        }
        catch (ArgumentException ex)
        {
            throw new UnsupportedEndpointException(ex.Message);
        }

        _uri = uri.WithoutOption(SchemaOption).WithoutOption(MigrationOption);
        _stream = new PgStreamSource(_uri, IntrospectAsync);
    }

    /// <summary>The migration's name: the one schema the URI names, or else the database's (<see cref="PgSourceSchemas.Label"/>).</summary>
    public string Schema => _schemas.Label;

    public bool KeysBySchema => _schemas.KeysBySchema;

    public IStreamPositionCodec Codec => PgLsnCodec.Instance;

    public IStreamSource Stream => _stream;

    /// <summary>The schemas' tables and columns, and their DDL as pg_dump writes it (pre-data and post-data).</summary>
    public async Task<SourceDatabase> IntrospectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        var schemas = await _schemas.ResolveAsync(connection, cancellationToken).ConfigureAwait(false);
        var database = await PgSourceIntrospector.ReadAsync(connection, Schema, schemas, _schemas.KeysBySchema, cancellationToken).ConfigureAwait(false);
        var major = connection.PostgreSqlVersion.Major;
        return database with
        {
            EverySchema = _schemas.EverySchema,
            NativeDdl = await PgDump.SchemaAsync(_uri, schemas, _schemas.KeysBySchema, major, cancellationToken).ConfigureAwait(false),
        };
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
        await using (var unrecorded = new Npgsql.NpgsqlCommand(PgDdlTrigger.Unrecorded, connection))
        {
            await unrecorded.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = new Npgsql.NpgsqlCommand(fix.Sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SourceLog> ReadLogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        await using var command = new Npgsql.NpgsqlCommand(
            $"""
            SELECT pg_current_wal_insert_lsn(), slot_name::text, active, pg_wal_lsn_diff(pg_current_wal_insert_lsn(), restart_lsn)::bigint, wal_status
              FROM (SELECT 1) one LEFT JOIN pg_catalog.pg_replication_slots
                ON database = current_database() AND NOT temporary AND slot_name LIKE '{PgSlotNames.Prefix}%'
             ORDER BY 2
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        ulong head = 0;
        var slots = new List<SourceReader>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            head = (ulong)reader.GetFieldValue<NpgsqlTypes.NpgsqlLogSequenceNumber>(0);
            if (!reader.IsDBNull(1))
            {
                slots.Add(new SourceReader(reader.GetString(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        return new PgSourceLog(head, slots);
    }

    /// <summary>Drops the stream's slot (ending a reader that still holds it) and its publication.</summary>
    public async Task<IReadOnlyList<string>> ForgetStreamAsync(string streamKey, CancellationToken cancellationToken)
    {
        var name = PgSlotNames.For(streamKey);
        var dropped = new List<string>();
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        await using (var end = new Npgsql.NpgsqlCommand("SELECT pg_terminate_backend(active_pid) FROM pg_catalog.pg_replication_slots WHERE slot_name = $1 AND active_pid IS NOT NULL", connection))
        {
            end.Parameters.Add(new Npgsql.NpgsqlParameter { Value = name });
            await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await Replication.PgReplicationSlots.DropAsync(connection, name, cancellationToken).ConfigureAwait(false))
                {
                    dropped.Add($"replication slot {name}");
                }

                break;
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState == "55006" && attempt < 50)
            {
                // The ended walsender lets go of the slot a moment later (object_in_use until then).
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        if (await PgStreamSetup.PublicationExistsAsync(connection, name, cancellationToken).ConfigureAwait(false))
        {
            await Replication.PgPublications.DropAsync(connection, name, cancellationToken).ConfigureAwait(false);
            dropped.Add($"publication {name}");
        }

        // The DDL trigger serves every stream of the database: it goes with the last one.
        if ((await PgDdlTrigger.GodwitPublicationsAsync(connection, null, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            dropped.AddRange(await PgDdlTrigger.RemoveAsync(connection, cancellationToken).ConfigureAwait(false));
        }

        return dropped;
    }

    /// <summary>The event trigger that records the source's DDL into the stream (<see cref="PgDdlTrigger"/>); needs a superuser.</summary>
    public async Task<IReadOnlyList<string>> InstallDdlTriggerAsync(CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        try
        {
            return await PgDdlTrigger.InstallAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == InsufficientPrivilege)
        {
            throw new UnsupportedEndpointException($"the DDL trigger was not installed: {ex.MessageText}. Event triggers are made by a superuser; run this as one.");
        }
    }

    public async Task<IReadOnlyList<string>> RemoveDdlTriggerAsync(CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        return await PgDdlTrigger.RemoveAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The publication of the schema's tables (keyless ones given REPLICA IDENTITY FULL first, so the application's
    /// UPDATE and DELETE keep working once they are published) and a logical slot made now. Making a slot waits for the
    /// transactions running at that moment to end, so a cutover does it before its freeze; a slot left by an earlier
    /// attempt is made again.
    /// </summary>
    public async Task<StreamPosition> StartStreamAsync(string streamKey, CancellationToken cancellationToken)
    {
        var database = await IntrospectAsync(cancellationToken).ConfigureAwait(false);
        foreach (var fix in await FixesAsync(database, cancellationToken).ConfigureAwait(false))
        {
            await ApplyFixAsync(fix, cancellationToken).ConfigureAwait(false);
        }

        var slot = PgSlotNames.For(streamKey);
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        await PgStreamSetup.EnsurePublicationAsync(connection, slot, [.. database.Tables.Select(t => new PgTableName(t.Schema, t.Name))], _schemas.EverySchema, cancellationToken).ConfigureAwait(false);
        if (await Replication.PgReplicationSlots.ReadAsync(connection, slot, cancellationToken).ConfigureAwait(false) is not null)
        {
            await Replication.PgReplicationSlots.DropAsync(connection, slot, cancellationToken).ConfigureAwait(false);
        }

        // Waits for the transactions running now to end, however long (see PgReplicationSlots.CreateWithSnapshotAsync).
        await using var create = new Npgsql.NpgsqlCommand("SELECT lsn::text FROM pg_catalog.pg_create_logical_replication_slot($1, 'pgoutput')", connection) { CommandTimeout = 0 };
        create.Parameters.Add(new Npgsql.NpgsqlParameter { Value = slot });
        var lsn = (string)(await create.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return PgLsnCodec.FromLsn(PgLsnCodec.LsnOf(lsn) ?? throw new InvalidOperationException($"the slot {slot} was made at '{lsn}', not a WAL position"));
    }

    /// <summary>A PostgreSQL source has no GTIDs; a start is a WAL position (<c>--from X/Y</c>).</summary>
    public bool TryParseTransactionState(string text, out StreamPosition position, out string reason)
    {
        position = PgLsnCodec.FromLsn(0);
        reason = "a PostgreSQL source has no GTIDs: give a WAL position with --from X/Y";
        return false;
    }

    public ICopySource CopySource(string streamKey) => new PgCopySource(_uri, PgSlotNames.For(streamKey), _schemas.EverySchema);

    public ISourceControl Control(Action<string> log) => new PgSourceControl(_uri, _schemas, log);

    public IVerifyEndpoint VerifyEndpoint() => new PgVerifyEndpoint(_uri);

    /// <summary>The schema's tenant keys, counts, purge and per-tenant freeze (<see cref="Tenants.PgTenantSource"/>); the tables read from the catalog alone (no pg_dump).</summary>
    /// <exception cref="UnsupportedEndpointException">The URI does not name one schema: a tenant's tables are those of one schema.</exception>
    public Core.Tenants.ITenantSource TenantSource()
    {
        var schema = _schemas.Single
            ?? throw new UnsupportedEndpointException($"a tenant's source on PostgreSQL is one schema: name it with ?{SchemaOption}=NAME (the URI names {(_schemas.KeysBySchema ? "several or every schema" : Schema)})");
        return new Tenants.PgTenantSource(_uri, schema, async ct =>
        {
            await using var connection = await PgConnectionFactory.OpenAsync(_uri, ct).ConfigureAwait(false);
            return await PgSourceIntrospector.ReadAsync(connection, schema, ct).ConfigureAwait(false);
        });
    }
}
