using Npgsql;

namespace Godwit.Postgres.Dashboard;

/// <summary>
/// Keeps <c>godwit.stream_samples</c>: at most one sample of a stream's row in <c>godwit.sync_state</c> every
/// <see cref="Interval"/>, written in the apply commit that updated it (so a sample never disagrees with the state),
/// and samples older than <see cref="Keep"/> pruned in the same statement batch. The dashboard's lag chart reads them.
/// </summary>
internal sealed class PgStreamSampler(string stream)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>The chart shows the last hour; a little more is kept so its left edge is never empty.</summary>
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(70);

    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>The statements to add to this commit (after the state's update), or null when no sample is due.</summary>
    public IReadOnlyList<NpgsqlBatchCommand>? Due(DateTimeOffset now)
    {
        if (now - _last < Interval)
        {
            return null;
        }

        _last = now;
        var sample = new NpgsqlBatchCommand(
            """
            INSERT INTO godwit.stream_samples (stream, at, lag_seconds, events_per_second, rows_applied, events_applied)
            SELECT stream, clock_timestamp(), lag_seconds, events_per_second, rows_applied, events_applied FROM godwit.sync_state WHERE stream = $1
            ON CONFLICT (stream, at) DO NOTHING
            """);
        sample.Parameters.Add(new NpgsqlParameter { Value = stream });
        var prune = new NpgsqlBatchCommand("DELETE FROM godwit.stream_samples WHERE stream = $1 AND at < now() - $2");
        prune.Parameters.Add(new NpgsqlParameter { Value = stream });
        prune.Parameters.Add(new NpgsqlParameter { Value = Keep });
        return [sample, prune];
    }
}
