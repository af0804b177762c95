using Godwit.Core.Dashboard;
using Npgsql;

namespace Godwit.Postgres.Dashboard;

/// <summary>Each stream's samples in <c>godwit.stream_samples</c> (<see cref="PgStreamSampler"/>) over a window, oldest first.</summary>
internal static class PgStreamSampleReader
{
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<StreamSample>>> ReadAsync(
        NpgsqlConnection pg, TimeSpan history, CancellationToken cancellationToken)
    {
        var samples = new Dictionary<string, List<StreamSample>>(StringComparer.Ordinal);
        if (await PgRelation.ExistsAsync(pg, "godwit.stream_samples", cancellationToken))
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT stream, at, lag_seconds, events_per_second, rows_applied, events_applied FROM godwit.stream_samples WHERE at >= now() - $1 ORDER BY stream, at", pg);
            cmd.Parameters.Add(new NpgsqlParameter { Value = history });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var stream = r.GetString(0);
                if (!samples.TryGetValue(stream, out var list))
                {
                    samples[stream] = list = [];
                }

                list.Add(new StreamSample(PgStateColumns.Time(r, 1)!.Value, PgStateColumns.Double(r, 2), PgStateColumns.Double(r, 3), r.GetInt64(4), r.GetInt64(5)));
            }
        }

        return samples.ToDictionary(p => p.Key, p => (IReadOnlyList<StreamSample>)p.Value, StringComparer.Ordinal);
    }
}
