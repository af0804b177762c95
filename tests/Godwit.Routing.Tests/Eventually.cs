using System.Diagnostics;

namespace Godwit.Routing.Tests;

/// <summary>Waits for a condition that a background poller makes true, failing the test after a bound.</summary>
internal static class Eventually
{
    public static async Task<TimeSpan> TrueAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < within, $"{what}: not within {within.TotalSeconds} s");
            await Task.Delay(10);
        }

        return Stopwatch.GetElapsedTime(started);
    }
}
