using System.Text.RegularExpressions;
using Godwit.Cli.Metrics;
using Godwit.Core.Dashboard;
using Godwit.Core.Providers;
using Godwit.Core.Sync;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>
/// Every metric Godwit exports, as the two endpoints render it (<c>sync --metrics</c> and the dashboard's
/// <c>/metrics</c>) for a migration that has every part (a stream, a copy, a verify, a cutover, a slot): name, type and
/// label names, one line each, "name{label,…} type".
/// </summary>
internal static partial class ExportedMetrics
{
    public static string SyncText()
    {
        var metrics = new SyncMetrics();
        metrics.CountError("ddl");
        return PrometheusText.Render(metrics, "shop");
    }

    public static string DashboardText() => DashboardMetrics.Render(Everything());

    /// <summary>The exported set: sorted "name{labels} type" lines of both endpoints.</summary>
    public static SortedSet<string> Describe(params string[] texts)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var types = TypeLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
            foreach (Match sample in SampleLine().Matches(text))
            {
                var name = sample.Groups[1].Value;
                var labels = string.Join(',', LabelName().Matches(sample.Groups[2].Value).Select(l => l.Groups[1].Value));
                lines.Add($"{name}{{{labels}}} {(types.TryGetValue(name, out var type) ? type : "untyped")}");
            }
        }

        return lines;
    }

    /// <summary>The metric names alone.</summary>
    public static SortedSet<string> Names() =>
        new(Describe(SyncText(), DashboardText()).Select(l => l[..l.IndexOf('{', StringComparison.Ordinal)]), StringComparer.Ordinal);

    private static DashboardSnapshot Everything()
    {
        var now = DateTimeOffset.UtcNow;
        var run = new CopyRunProgress
        {
            RunId = 1, Stream = "shop", SourceDatabase = "shop", TargetSchema = "shop", Status = "copying", Jobs = 2, StartedAt = now.AddMinutes(-1),
            Tables = [new TableCopyProgress { Table = "orders", Chunks = 4, ChunksDone = 2, RowsLoaded = 1000, LastChunkAt = now }],
        };
        var state = new MigrationState
        {
            ReadAt = now,
            Streams = [new StreamReport { Stream = "shop", Status = "running", Running = true, LagSeconds = 1.5, EventsPerSecond = 10, LastEventTime = now, AppliedAt = now, LastErrorAt = now, LastError = "x" }],
            CopyRuns = [run],
            Switches = [new SwitchRecord { Id = 1, Kind = "cutover", TargetSchema = "shop", Step = "hold", Result = "switched", FreezeMs = 120, StartedAt = now }],
            VerifyRuns = [new VerifyRunRecord { RunId = "v", Description = "shop", TargetSchema = "shop", Mode = "rows", StartedAt = now, FinishedAt = now, Differences = 0 }],
        };
        var snapshot = DashboardSnapshots.Build(state, null, s => s);
        return snapshot with
        {
            Streams = [snapshot.Streams[0] with { BytesBehind = 10, Retention = new SourceRetention("godwit_shop", true, 1024, "reserved") }],
            OtherRetention = [new SourceRetention("old_slot", false, 4096, "extended")],
        };
    }

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? \S+$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();
}
