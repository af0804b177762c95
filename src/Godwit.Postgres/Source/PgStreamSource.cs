using Godwit.Core.Connections;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Schema;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>What the sync engine needs of a PostgreSQL source: its schema, its WAL head, and its slot's changes.</summary>
internal sealed class PgStreamSource(ConnectionUri uri, Func<CancellationToken, Task<SourceDatabase>> introspect) : IStreamSource
{
    public IStreamPositionCodec Codec => PgLsnCodec.Instance;

    public Task<SourceDatabase> IntrospectAsync(CancellationToken cancellationToken) => introspect(cancellationToken);

    public async Task<StreamPosition> HeadAsync(CancellationToken cancellationToken) =>
        PgLsnCodec.FromLsn(await WalHeadAsync(uri, cancellationToken).ConfigureAwait(false));

    public async Task<IChangeSource> OpenChangesAsync(ChangeSourceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return await PgChangeSource.StartAsync(uri, PgSlotNames.For(options.StreamKey), options, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new PgSourceStreamException($"the PostgreSQL source's replication stream did not start: {ex.Message}", ex);
        }
    }

    /// <summary>Only the stream's own failures (<see cref="PgSourceStreamException"/>): the target may be PostgreSQL too, and classifies its own.</summary>
    public bool TryClassify(Exception error, out string? transientKind)
    {
        transientKind = null;
        if (error is not PgSourceStreamException stream)
        {
            return false;
        }

        transientKind = stream.InnerException switch
        {
            // The slot is still held by the walsender of a connection that just broke (object_in_use), or the server restarts.
            PostgresException pg when pg.SqlState is "55006" or "57P01" or "57P02" or "57P03" || pg.SqlState.StartsWith("08", StringComparison.Ordinal) => "source_connection",
            PostgresException => null,
            NpgsqlException or IOException or TimeoutException or EndOfStreamException => "source_connection",
            _ => null,
        };
        return true;
    }

    /// <summary>
    /// Where the next change will be written: the WAL's insert position. Not <c>pg_current_wal_lsn()</c>, the write
    /// position: with <c>synchronous_commit = off</c> a committed transaction may lie past it for up to
    /// <c>wal_writer_delay</c>, and a stream (or a cutover's drain) waiting for that would stop short of it.
    /// </summary>
    public static async Task<ulong> WalHeadAsync(ConnectionUri uri, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", connection);
        return (ulong)(NpgsqlTypes.NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
