namespace Godwit.Core.Dashboard;

/// <summary>
/// How long a copy run's remaining chunks should take at the pace of the chunks done so far. Chunks are planned at
/// similar sizes and the workers share them across tables, so the run's pace per chunk is the best estimate for any
/// table's remaining chunks; null before the first chunk is done.
/// </summary>
public static class CopyEta
{
    public static double? Seconds(CopyRunProgress run, int remainingChunks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (remainingChunks == 0)
        {
            return 0;
        }

        var done = run.Tables.Sum(t => t.ChunksDone);
        var elapsed = (now - run.StartedAt).TotalSeconds;
        return done == 0 || elapsed <= 0 ? null : Math.Round(elapsed / done * remainingChunks, 1);
    }

    /// <summary>Rows loaded per second since the run started.</summary>
    public static double? RowsPerSecond(CopyRunProgress run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        var elapsed = ((run.FinishedAt ?? now) - run.StartedAt).TotalSeconds;
        return elapsed <= 0 ? null : Math.Round(run.Tables.Sum(t => t.RowsLoaded) / elapsed, 1);
    }
}
