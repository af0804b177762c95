using System.Globalization;
using System.Text.Json;
using Godwit.Core.Connections;
using Godwit.Providers;

namespace Godwit.Cli.Display;

/// <summary>
/// The latest cutover of a target schema and its guard (<c>cutover --guard</c>), as <c>godwit status</c> shows them:
/// read from the cutover's record on the target, so they show from any machine, while the guard watches and after.
/// </summary>
public static class GuardSummary
{
    /// <summary>The latest cutover of <paramref name="schema"/> (<c>#id result</c>) and its guard's record, or nulls.</summary>
    public static async Task<(string? Cutover, JsonElement? Guard)> ReadAsync(ConnectionUri target, string schema, CancellationToken ct)
    {
        await using var control = ProviderRegistry.Target(target).Control();
        var latest = await control.LatestCutoverAsync(schema, ct);
        if (latest is null)
        {
            return (null, null);
        }

        var cutover = string.Create(CultureInfo.InvariantCulture, $"#{latest.Id} {latest.Result ?? "running (step " + latest.Step + ")"}");
        if (await control.LatestGuardAsync(schema, ct) is not { } json)
        {
            return (cutover, null);
        }

        using var document = JsonDocument.Parse(json);
        return (cutover, document.RootElement.Clone());
    }

    /// <summary>One line for the guard: its state, the trigger that fired and what was done, or until when it watches.</summary>
    public static string Line(JsonElement guard)
    {
        var state = Text(guard, "state") ?? "?";
        var events = guard.TryGetProperty("events", out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : 0;
        return state switch
        {
            "watching" => $"watching until {Text(guard, "until")} ({events} events logged)",
            "ended" => "ended: no trigger fired; the cutover stands",
            "refused" => $"trigger {Text(guard, "trigger")} ({Text(guard, "detail")}) at {Text(guard, "fired_at")}: no rollback, the source differs from the target",
            _ => $"{state}: trigger {Text(guard, "trigger")} ({Text(guard, "detail")}) at {Text(guard, "fired_at")}" + (Text(guard, "action") is { } action ? $"; {action}" : string.Empty),
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;
}
