using System.Text.Json;

namespace Godwit.Demo.Summary;

/// <summary>Reading the reports the demo's phases wrote: a report file's first JSON value, and fields that may be absent.</summary>
internal static class ReportJson
{
    /// <summary>The first JSON value in the file (a command may print more after it), or null with the reason added to <paramref name="problems"/>.</summary>
    public static JsonDocument? FirstValue(string directory, string name, List<string> problems)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            problems.Add($"{name} is missing (that phase did not finish)");
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            if (JsonDocument.TryParseValue(ref reader, out var document))
            {
                return document;
            }
        }
        catch (JsonException e)
        {
            problems.Add($"{name} is not JSON: {e.Message}");
            return null;
        }

        problems.Add($"{name} is empty (that phase did not finish)");
        return null;
    }

    public static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    public static double? Double(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
