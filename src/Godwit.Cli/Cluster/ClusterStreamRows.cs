using System.Globalization;
using Godwit.Cluster;

namespace Godwit.Cli.Cluster;

/// <summary>How <c>status --cluster</c> (and the dashboard) show a stream on the cluster: the worker holding its grain, its epoch, state and lag.</summary>
internal static class ClusterStreamRows
{
    public static Dictionary<string, object?> Json(StreamJobRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new Dictionary<string, object?>
        {
            ["stream"] = row.Stream,
            ["worker"] = row.Holder,
            ["epoch"] = row.Epoch,
            ["state"] = row.State,
            ["lag_seconds"] = row.LagSeconds,
            ["error"] = row.Error,
            ["reported_at"] = row.UpdatedAt,
        };
    }

    public static string Text(StreamJobRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{row.Stream,-16} {row.State,-9} on {row.Holder ?? "(no worker yet)"}  epoch {row.Epoch?.ToString(CultureInfo.InvariantCulture) ?? "-"}  lag {row.LagSeconds ?? 0:0.0} s  reported {row.UpdatedAt:u}{(row.Error is null ? string.Empty : "  " + row.Error)}");
    }
}
