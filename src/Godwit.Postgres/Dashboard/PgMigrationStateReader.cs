using Godwit.Core.Connections;
using Godwit.Core.Dashboard;
using Npgsql;

namespace Godwit.Postgres.Dashboard;

/// <summary>
/// Reads the target's <c>godwit</c> schema for the dashboard, on one connection per read; it never creates the schema
/// (a target no migration touched yet reads as empty). The readers per table group do the SQL.
/// </summary>
internal sealed class PgMigrationStateReader(ConnectionUri target) : IMigrationStateReader
{
    /// <summary>Each PostgreSQL database has its own <c>godwit</c> schema.</summary>
    public string Store => $"postgresql://{target.Host}:{target.Port}/{target.Database}";

    public async Task<MigrationState> ReadAsync(TimeSpan history, CancellationToken cancellationToken)
    {
        await using var pg = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        DateTimeOffset now;
        await using (var clock = new NpgsqlCommand("SELECT now()", pg))
        {
            now = new DateTimeOffset(DateTime.SpecifyKind((DateTime)(await clock.ExecuteScalarAsync(cancellationToken))!, DateTimeKind.Utc));
        }

        return new MigrationState
        {
            ReadAt = now,
            Streams = await PgStreamReports.ReadAsync(pg, cancellationToken),
            Samples = await PgStreamSampleReader.ReadAsync(pg, history, cancellationToken),
            CopyRuns = await PgCopyProgressReader.ReadAsync(pg, cancellationToken),
            Switches = await PgSwitchRecordReader.ReadAsync(pg, cancellationToken),
            VerifyRuns = await PgVerifyRunReader.ReadAsync(pg, cancellationToken),
        };
    }
}
