using System.Globalization;
using Godwit.Cluster;

namespace Godwit.Cli.Cluster;

/// <summary>How <c>godwit workers</c> and <c>godwit status --cluster</c> show the cluster's workers: one JSON object or text line each.</summary>
internal static class WorkerRows
{
    public static Dictionary<string, object?> Json(WorkerRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new Dictionary<string, object?>
        {
            ["name"] = row.Name,
            ["address"] = row.Address,
            ["status"] = row.Status,
            ["host"] = row.Host,
            ["last_alive"] = row.LastAlive,
            ["chunks_committed"] = row.ChunksCommitted,
            ["recent_chunks"] = row.RecentChunks,
        };
    }

    public static string Text(WorkerRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{row.Name,-12} {row.Address,-28} {row.Status,-9} chunks {row.ChunksCommitted,6}  last alive {row.LastAlive:u}  {string.Join(' ', row.RecentChunks)}");
    }
}
