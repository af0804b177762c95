using System.Text.Json;

namespace Godwit.Core.Dashboard;

/// <summary>The steps of a finished cutover or rollback, read from its report as every target stores it (<c>CutoverReportJson</c>: name, status, ms, detail).</summary>
public static class SwitchSteps
{
    public static IReadOnlyList<SwitchStep> FromReport(string? report)
    {
        if (report is null)
        {
            return [];
        }

        using var json = JsonDocument.Parse(report);
        if (!json.RootElement.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. steps.EnumerateArray().Select(s => new SwitchStep(
            s.GetProperty("name").GetString() ?? "?",
            s.GetProperty("status").GetString() ?? "?",
            s.TryGetProperty("ms", out var ms) && ms.ValueKind == JsonValueKind.Number ? ms.GetInt64() : 0,
            s.TryGetProperty("detail", out var detail) ? detail.GetString() : null))];
    }
}
