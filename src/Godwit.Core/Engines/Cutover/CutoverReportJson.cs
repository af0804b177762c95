using System.Text.Json;
using System.Text.Json.Nodes;

namespace Godwit.Core.Engines.Cutover;

/// <summary>The <c>--json</c> form of a <see cref="CutoverReport"/> (also kept in <c>godwit.cutovers.report</c>).</summary>
public static class CutoverReportJson
{
    public static string Serialize(CutoverReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var steps = new JsonArray();
        foreach (var step in report.Steps)
        {
            steps.Add(new JsonObject
            {
                ["name"] = step.Name,
                ["status"] = step.Status,
                ["ms"] = (long)step.Duration.TotalMilliseconds,
                ["detail"] = step.Detail,
            });
        }

        var json = new JsonObject
        {
            ["result"] = report.Result,
            ["freeze_ms"] = report.FreezeMs,
            ["events_drained"] = report.EventsDrained,
            ["killed_after_switch"] = report.KilledAfterSwitch,
            ["stream"] = report.Stream,
            ["source_position"] = report.SourcePosition,
            ["source_gtid"] = report.SourceGtid,
            ["applied_position"] = report.AppliedPosition,
            ["routing_version"] = report.RoutingVersion,
            ["source_writable"] = report.SourceWritable,
            ["abort_reason"] = report.AbortReason,
            ["elapsed_ms"] = (long)report.Elapsed.TotalMilliseconds,
            ["steps"] = steps,
            ["plan"] = new JsonArray([.. report.Plan.Select(p => (JsonNode?)JsonValue.Create(p))]),
            ["warnings"] = new JsonArray([.. report.Warnings.Select(w => (JsonNode?)JsonValue.Create(w))]),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
