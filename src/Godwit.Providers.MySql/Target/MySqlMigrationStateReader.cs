using Godwit.Core.Dashboard;
using Godwit.Providers.MySql.Target.Apply;
using Godwit.Providers.MySql.Target.Dashboard;

namespace Godwit.Providers.MySql.Target;

/// <summary>
/// What the dashboard reads of a MySQL target's <c>godwit</c> database: its streams (the reverse stream after a
/// cutover lives here, on the old source) with their samples, copy runs, the switches recorded onto it (rollbacks) and
/// verify runs. It never creates the database. The readers per table group do the SQL.
/// </summary>
internal sealed class MySqlMigrationStateReader(MySqlTargetSessions sessions) : IMigrationStateReader
{
    /// <summary>The <c>godwit</c> database is the server's, whichever database the URI names.</summary>
    public string Store => $"mysql://{sessions.Uri.Host}:{sessions.Uri.Port}";

    public async Task<MigrationState> ReadAsync(TimeSpan history, CancellationToken cancellationToken)
    {
        await using var connection = await sessions.OpenAsync(cancellationToken);
        var now = DateTime.SpecifyKind(await connection.ScalarAsync<DateTime>("SELECT UTC_TIMESTAMP(6)", cancellationToken), DateTimeKind.Utc);
        var version = await MySqlStateSchema.CurrentAsync(connection, cancellationToken);
        if (version is not { } layout)
        {
            return new MigrationState { ReadAt = new DateTimeOffset(now) };
        }

        return new MigrationState
        {
            ReadAt = new DateTimeOffset(now),
            Streams = await MySqlSyncStateStore.ReadAllAsync(connection, cancellationToken),
            Samples = await MySqlStreamSampleReader.ReadAsync(connection, layout, history, cancellationToken),
            CopyRuns = await MySqlCopyProgressReader.ReadAsync(connection, cancellationToken),
            Switches = await MySqlSwitchRecordReader.ReadAsync(connection, layout, cancellationToken),
            VerifyRuns = await MySqlVerifyRunReader.ReadAsync(connection, cancellationToken),
        };
    }
}
