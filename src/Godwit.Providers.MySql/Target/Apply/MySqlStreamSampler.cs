using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>
/// Keeps <c>godwit.stream_samples</c> on a MySQL target as <c>PgStreamSampler</c> does on PostgreSQL: at most one sample
/// of the stream's row every <see cref="Interval"/>, written in the apply transaction that updated the row (so a sample
/// never disagrees with the state), and samples older than <see cref="Keep"/> pruned there too. The dashboard's lag
/// chart reads them.
/// </summary>
internal sealed class MySqlStreamSampler(string stream)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>The chart shows the last hour; a little more is kept so its left edge is never empty.</summary>
    public const int KeepMinutes = 70;

    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>Adds a sample and prunes old ones inside the open transaction, when one is due; false when none was.</summary>
    public async Task<bool> SampleIfDueAsync(MySqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - _last < Interval)
        {
            return false;
        }

        _last = now;
        await connection.ExecuteAsync(
            """
            INSERT IGNORE INTO godwit.stream_samples (stream, at, lag_seconds, events_per_second, rows_applied, events_applied)
            SELECT stream, CURRENT_TIMESTAMP(6), lag_seconds, events_per_second, rows_applied, events_applied FROM godwit.sync_state WHERE stream = ?
            """,
            [stream],
            cancellationToken);
        await connection.ExecuteAsync(
            $"DELETE FROM godwit.stream_samples WHERE stream = ? AND at < CURRENT_TIMESTAMP(6) - INTERVAL {KeepMinutes} MINUTE", [stream], cancellationToken);
        return true;
    }
}
