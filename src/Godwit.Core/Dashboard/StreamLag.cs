using Godwit.Core.Providers;

namespace Godwit.Core.Dashboard;

/// <summary>
/// A stream's lag now, from what it last stored: 0 when it has applied the source's head, at least the age of the last
/// applied change while behind, and growing with a stall (a connection lost, nothing committed since), so a dashboard
/// and an alert see a stall as lag, not as a stream at rest.
/// </summary>
public static class StreamLag
{
    public static double? Current(StreamReport stream, long? bytesBehind, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        double? lag = bytesBehind == 0 ? 0 : stream.LagSeconds;
        if (bytesBehind > 0 && stream.LastEventTime is { } lastEvent)
        {
            lag = Math.Max(lag ?? 0, (now - lastEvent).TotalSeconds);
        }

        if (stream.Status == "reconnecting" && stream.AppliedAt is { } appliedAt)
        {
            lag = Math.Max(lag ?? 0, (stream.LagSeconds ?? 0) + (now - appliedAt).TotalSeconds);
        }

        return lag is null ? null : Math.Round(lag.Value, 3);
    }
}
