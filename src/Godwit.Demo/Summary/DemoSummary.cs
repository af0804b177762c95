using System.Text;
using System.Text.Json;

namespace Godwit.Demo.Summary;

/// <summary>
/// The demo's closing numbers, gathered from the files its phases wrote: rows copied and copy time, the largest
/// replication lag sampled, the cutover's write freeze, the verify results, and the app's writes (failed must be 0).
/// A missing or unreadable file leaves its numbers out and counts as a problem.
/// </summary>
public sealed record DemoSummary
{
    public long? RowsCopied { get; init; }

    public int? TablesCopied { get; init; }

    public double? CopySeconds { get; init; }

    public double? MaxLagSeconds { get; init; }

    public int LagSamples { get; init; }

    public string? CutoverResult { get; init; }

    public long? FreezeMs { get; init; }

    public long? EventsDrained { get; init; }

    public string? CutoverCountCheck { get; init; }

    /// <summary>The rollback's result, when the demo ran one (<see cref="DemoFiles.Rollback"/>); null otherwise.</summary>
    public string? RollbackResult { get; init; }

    public long? RollbackFreezeMs { get; init; }

    public bool? VerifyLiveEqual { get; init; }

    public long VerifyLiveUnsettled { get; init; }

    public bool? VerifyFinalEqual { get; init; }

    public IReadOnlyList<string> VerifyFinalTables { get; init; } = [];

    public bool? LedgerClean { get; init; }

    public long? LedgerBookings { get; init; }

    public long? AppWritesAcknowledged { get; init; }

    public long? AppWritesOnSource { get; init; }

    public long? AppWritesOnTarget { get; init; }

    public long? AppWritesRetried { get; init; }

    public long? AppWritesFailed { get; init; }

    public double? AppMaxLatencyMs { get; init; }

    public double? AppWriteGapMs { get; init; }

    public double? DemoSeconds { get; init; }

    /// <summary>"clean" when every verify and the ledger check passed, else "differences".</summary>
    public string Verify => VerifyLiveEqual == true && CutoverCountCheck == "ok" && VerifyFinalEqual == true && LedgerClean == true ? "clean" : "differences";

    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool Ok => Problems.Count == 0;

    public static DemoSummary Read(string directory, string schema, double? demoSeconds)
    {
        var problems = new List<string>();
        var summary = new DemoSummary { DemoSeconds = demoSeconds };

        using (var copy = ReportJson.FirstValue(directory, DemoFiles.Migrate, problems))
        {
            if (copy is not null)
            {
                var totals = copy.RootElement.GetProperty("totals");
                summary = summary with
                {
                    RowsCopied = totals.GetProperty("rows_loaded").GetInt64(),
                    TablesCopied = copy.RootElement.GetProperty("tables").GetArrayLength(),
                    CopySeconds = copy.RootElement.GetProperty("phases").GetProperty("copy_s").GetDouble(),
                };
            }
        }

        var (maxLag, samples) = MaxLag(Path.Combine(directory, DemoFiles.Status), schema);
        summary = summary with { MaxLagSeconds = maxLag, LagSamples = samples };

        using (var cutover = ReportJson.FirstValue(directory, DemoFiles.Cutover, problems))
        {
            if (cutover is not null)
            {
                var root = cutover.RootElement;
                var countCheck = root.TryGetProperty("steps", out var steps)
                    ? steps.EnumerateArray().Where(s => s.GetProperty("name").GetString() == "final-check").Select(s => s.GetProperty("status").GetString()).FirstOrDefault()
                    : null;
                summary = summary with
                {
                    CutoverResult = root.GetProperty("result").GetString(),
                    FreezeMs = ReportJson.Number(root, "freeze_ms"),
                    EventsDrained = ReportJson.Number(root, "events_drained"),
                    CutoverCountCheck = countCheck,
                };
                if (summary.CutoverResult != "switched")
                {
                    problems.Add($"the cutover did not switch: {summary.CutoverResult} ({ReportJson.Text(root, "abort_reason")})");
                }
            }
        }

        if (File.Exists(Path.Combine(directory, DemoFiles.Rollback)))
        {
            using var rollback = ReportJson.FirstValue(directory, DemoFiles.Rollback, problems);
            if (rollback is not null)
            {
                summary = summary with
                {
                    RollbackResult = rollback.RootElement.GetProperty("result").GetString(),
                    RollbackFreezeMs = ReportJson.Number(rollback.RootElement, "freeze_ms"),
                };
                if (summary.RollbackResult != "switched")
                {
                    problems.Add($"the rollback did not switch back: {summary.RollbackResult} ({ReportJson.Text(rollback.RootElement, "abort_reason")})");
                }
            }
        }

        using (var live = ReportJson.FirstValue(directory, DemoFiles.VerifyLive, problems))
        {
            if (live is not null)
            {
                summary = summary with
                {
                    VerifyLiveEqual = live.RootElement.GetProperty("equal").GetBoolean(),
                    VerifyLiveUnsettled = live.RootElement.GetProperty("tables").EnumerateArray().Sum(t => ReportJson.Number(t, "unsettled") ?? 0),
                };
            }
        }

        using (var final = ReportJson.FirstValue(directory, DemoFiles.VerifyFinal, problems))
        {
            if (final is not null)
            {
                summary = summary with
                {
                    VerifyFinalEqual = final.RootElement.GetProperty("equal").GetBoolean(),
                    VerifyFinalTables = [.. final.RootElement.GetProperty("tables").EnumerateArray().Select(t => Unqualified(t.GetProperty("table").GetString()))],
                };
            }
        }

        using (var traffic = ReportJson.FirstValue(directory, DemoFiles.Traffic, problems))
        {
            if (traffic is not null)
            {
                var root = traffic.RootElement;
                summary = summary with
                {
                    AppWritesAcknowledged = ReportJson.Number(root, "acknowledged"),
                    AppWritesOnSource = ReportJson.Number(root, "acknowledged_on_source"),
                    AppWritesOnTarget = ReportJson.Number(root, "acknowledged_on_target"),
                    AppWritesRetried = ReportJson.Number(root, "retried"),
                    AppWritesFailed = ReportJson.Number(root, "failed"),
                    AppMaxLatencyMs = ReportJson.Double(root, "max_latency_ms"),
                    AppWriteGapMs = ReportJson.Double(root, "write_gap_ms"),
                };
            }
        }

        using (var check = ReportJson.FirstValue(directory, DemoFiles.Check, problems))
        {
            if (check is not null)
            {
                summary = summary with
                {
                    LedgerClean = check.RootElement.GetProperty("is_clean").GetBoolean(),
                    LedgerBookings = ReportJson.Number(check.RootElement, "bookings"),
                };
            }
        }

        if (summary.AppWritesFailed is > 0)
        {
            problems.Add($"{summary.AppWritesFailed} app write(s) failed after retries");
        }

        if (summary.AppWritesOnTarget is 0)
        {
            problems.Add("no app write reached PostgreSQL after the cutover");
        }

        if (summary.VerifyLiveEqual == false)
        {
            problems.Add("verify found differences while the app was writing");
        }

        if (summary.CutoverResult == "switched" && summary.CutoverCountCheck != "ok")
        {
            problems.Add($"the cutover's count check was {summary.CutoverCountCheck ?? "not reported"}");
        }

        if (summary.VerifyFinalEqual == false)
        {
            problems.Add("the final verify found differences");
        }

        if (summary.LedgerClean == false)
        {
            problems.Add(summary.RollbackResult is null
                ? "PostgreSQL disagrees with the app's ledger (godwit-demo check lists how)"
                : "a database disagrees with the app's ledger (godwit-demo check --both lists how)");
        }

        return summary with { Problems = problems };
    }

    private static (double? Max, int Samples) MaxLag(string path, string schema)
    {
        if (!File.Exists(path))
        {
            return (null, 0);
        }

        double? max = null;
        var samples = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8).Where(l => l.StartsWith('{')))
        {
            try
            {
                using var status = JsonDocument.Parse(line);
                foreach (var stream in status.RootElement.GetProperty("streams").EnumerateArray())
                {
                    // A stream not running shows the state it stopped in, possibly a previous demo's: not this run's lag.
                    if (ReportJson.Text(stream, "target_schema") == schema && stream.TryGetProperty("running", out var running) && running.ValueKind == JsonValueKind.True
                        && ReportJson.Double(stream, "lag_seconds") is { } lag)
                    {
                        samples++;
                        max = Math.Max(max ?? 0, lag);
                    }
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // A sample cut short by the demo stopping; the others stand.
            }
        }

        return (max, samples);
    }

    private static string Unqualified(string? table) => table is null ? "?" : table[(table.LastIndexOf('.') + 1)..];
}
