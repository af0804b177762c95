using System.Text.Json;

namespace Godwit.Routing;

/// <summary>
/// Parses format 1: strict about the fields it knows (a routing decision must never rest on a guess), silent about
/// fields it does not know, so a newer writer can add informational fields without breaking older followers.
/// </summary>
internal static class RoutingJsonReader
{
    private const int ShownValueLength = 40;

    public static RoutingState Parse(string json, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new RoutingFileException(path, null, $"is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RoutingFileException(path, null, $"must hold a JSON object, not {Show(root)}");
            }

            var fields = KnownFields(root, path);
            return new RoutingState
            {
                Format = ReadFormat(fields, path),
                Primary = ReadPrimary(fields, path),
                Version = ReadVersion(fields, path),
                SwitchedAt = ReadSwitchedAt(fields, path),
                Source = ReadOptionalString(fields, RoutingFields.Source, path),
                Target = ReadOptionalString(fields, RoutingFields.Target, path),
                Stream = ReadOptionalString(fields, RoutingFields.Stream, path),
            };
        }
    }

    private static Dictionary<string, JsonElement> KnownFields(JsonElement root, string path)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            // JSON allows a repeated key and parsers disagree on which one wins; for a routing field that is ambiguity.
            if (RoutingFields.IsKnown(property.Name) && !fields.TryAdd(property.Name, property.Value))
            {
                throw new RoutingFileException(path, property.Name, "appears more than once");
            }
        }

        return fields;
    }

    private static int ReadFormat(Dictionary<string, JsonElement> fields, string path)
    {
        if (!fields.TryGetValue(RoutingFields.Format, out var value))
        {
            return RoutingState.CurrentFormat;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var format) || format < 1)
        {
            throw new RoutingFileException(path, RoutingFields.Format, $"must be a positive integer, not {Show(value)}");
        }

        if (format != RoutingState.CurrentFormat)
        {
            throw new RoutingFileException(path, RoutingFields.Format, $"is {format}, but this version of Godwit.Routing reads format {RoutingState.CurrentFormat} only: upgrade it");
        }

        return format;
    }

    private static RoutingPrimary ReadPrimary(Dictionary<string, JsonElement> fields, string path)
    {
        var value = Required(fields, RoutingFields.Primary, path);
        return value.ValueKind == JsonValueKind.String ? value.GetString() switch
        {
            RoutingFields.SourceValue => RoutingPrimary.Source,
            RoutingFields.TargetValue => RoutingPrimary.Target,
            _ => throw NotAPrimary(value, path),
        } : throw NotAPrimary(value, path);
    }

    private static RoutingFileException NotAPrimary(JsonElement value, string path) =>
        new(path, RoutingFields.Primary, $"must be \"{RoutingFields.SourceValue}\" or \"{RoutingFields.TargetValue}\", not {Show(value)}");

    private static long ReadVersion(Dictionary<string, JsonElement> fields, string path)
    {
        var value = Required(fields, RoutingFields.Version, path);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var version) || version < 0)
        {
            throw new RoutingFileException(path, RoutingFields.Version, $"must be a non-negative integer, not {Show(value)}");
        }

        return version;
    }

    private static DateTimeOffset? ReadSwitchedAt(Dictionary<string, JsonElement> fields, string path)
    {
        if (!fields.TryGetValue(RoutingFields.SwitchedAt, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at))
        {
            return at;
        }

        throw new RoutingFileException(path, RoutingFields.SwitchedAt, $"must be an ISO 8601 time such as \"2026-11-21T10:00:00.123Z\", or null, not {Show(value)}");
    }

    private static string? ReadOptionalString(Dictionary<string, JsonElement> fields, string name, string path)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new RoutingFileException(path, name, $"must be a string or null, not {Show(value)}");
    }

    private static JsonElement Required(Dictionary<string, JsonElement> fields, string name, string path) =>
        fields.TryGetValue(name, out var value) ? value : throw new RoutingFileException(path, name, "is missing");

    private static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.Number => Shorten(value.GetRawText()),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private static string Shorten(string text) =>
        text.Length <= ShownValueLength ? text : string.Concat(text.AsSpan(0, ShownValueLength), "…");
}
