using System.Globalization;
using Godwit.Core.Dashboard;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Dashboard;

/// <summary>Each stream's samples in <c>godwit.stream_samples</c> (layout 3, <c>MySqlStreamSampler</c>) over a window, oldest first.</summary>
internal static class MySqlStreamSampleReader
{
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<StreamSample>>> ReadAsync(
        MySqlConnection connection, int version, TimeSpan history, CancellationToken cancellationToken)
    {
        var samples = new Dictionary<string, List<StreamSample>>(StringComparer.Ordinal);
        if (version >= 3)
        {
            var seconds = ((long)Math.Ceiling(history.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await using var r = await connection.QueryAsync(
                $"SELECT stream, at, lag_seconds, events_per_second, rows_applied, events_applied FROM godwit.stream_samples WHERE at >= CURRENT_TIMESTAMP(6) - INTERVAL {seconds} SECOND ORDER BY stream, at",
                cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var stream = r.GetString(0);
                if (!samples.TryGetValue(stream, out var list))
                {
                    samples[stream] = list = [];
                }

                list.Add(new StreamSample(MySqlStateColumns.Time(r, 1)!.Value, MySqlStateColumns.Double(r, 2), MySqlStateColumns.Double(r, 3), r.GetInt64(4), r.GetInt64(5)));
            }
        }

        return samples.ToDictionary(p => p.Key, p => (IReadOnlyList<StreamSample>)p.Value, StringComparer.Ordinal);
    }
}
