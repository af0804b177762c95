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

            var fields = KnownFields(root, path, string.Empty);
            var version = ReadVersion(fields, path, string.Empty);
            return new RoutingState
            {
                Format = ReadFormat(fields, path),
                Primary = ReadPrimary(fields, path, string.Empty),
                Version = version,
                SwitchedAt = ReadSwitchedAt(fields, path, string.Empty),
                Source = ReadOptionalString(fields, RoutingFields.Source, path, string.Empty),
                Target = ReadOptionalString(fields, RoutingFields.Target, path, string.Empty),
                Stream = ReadOptionalString(fields, RoutingFields.Stream, path, string.Empty),
                Tenants = ReadTenants(fields, version, path),
            };
        }
    }

    private static Dictionary<string, JsonElement> KnownFields(JsonElement root, string path, string prefix)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            // JSON allows a repeated key and parsers disagree on which one wins; for a routing field that is ambiguity.
            if (RoutingFields.IsKnown(property.Name) && !fields.TryAdd(property.Name, property.Value))
            {
                throw new RoutingFileException(path, prefix + property.Name, "appears more than once");
            }
        }

        return fields;
    }

    private static TenantRoutes ReadTenants(Dictionary<string, JsonElement> fields, long fileVersion, string path)
    {
        if (!fields.TryGetValue(RoutingFields.Tenants, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return TenantRoutes.Empty;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new RoutingFileException(path, RoutingFields.Tenants, $"must be an object of tenant entries, not {Show(value)}");
        }

        var routes = TenantRoutes.Empty;
        foreach (var tenant in value.EnumerateObject())
        {
            var prefix = $"{RoutingFields.Tenants}.{tenant.Name}.";
            if (tenant.Name.Length == 0)
            {
                throw new RoutingFileException(path, RoutingFields.Tenants, "has an entry with an empty tenant id");
            }

            if (routes.ContainsKey(tenant.Name))
            {
                throw new RoutingFileException(path, $"{RoutingFields.Tenants}.{tenant.Name}", "appears more than once");
            }

            if (tenant.Value.ValueKind != JsonValueKind.Object)
            {
                throw new RoutingFileException(path, $"{RoutingFields.Tenants}.{tenant.Name}", $"must be an object, not {Show(tenant.Value)}");
            }

            var entry = KnownFields(tenant.Value, path, prefix);
            var version = ReadVersion(entry, path, prefix);
            if (version > fileVersion)
            {
                // Every change of the file raises the file's version: a tenant cannot be ahead of it.
                throw new RoutingFileException(path, prefix + RoutingFields.Version, $"is {version}, greater than the file's version {fileVersion}");
            }

            routes = routes.With(tenant.Name, new TenantRoute
            {
                Primary = ReadPrimary(entry, path, prefix),
                Version = version,
                SwitchedAt = ReadSwitchedAt(entry, path, prefix),
                Stream = ReadOptionalString(entry, RoutingFields.Stream, path, prefix),
            });
        }

        return routes;
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

    private static RoutingPrimary ReadPrimary(Dictionary<string, JsonElement> fields, string path, string prefix)
    {
        var value = Required(fields, RoutingFields.Primary, path, prefix);
        return value.ValueKind == JsonValueKind.String ? value.GetString() switch
        {
            RoutingFields.SourceValue => RoutingPrimary.Source,
            RoutingFields.TargetValue => RoutingPrimary.Target,
            _ => throw NotAPrimary(value, path, prefix),
        } : throw NotAPrimary(value, path, prefix);
    }

    private static RoutingFileException NotAPrimary(JsonElement value, string path, string prefix) =>
        new(path, prefix + RoutingFields.Primary, $"must be \"{RoutingFields.SourceValue}\" or \"{RoutingFields.TargetValue}\", not {Show(value)}");

    private static long ReadVersion(Dictionary<string, JsonElement> fields, string path, string prefix)
    {
        var value = Required(fields, RoutingFields.Version, path, prefix);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var version) || version < 0)
        {
            throw new RoutingFileException(path, prefix + RoutingFields.Version, $"must be a non-negative integer, not {Show(value)}");
        }

        return version;
    }

    private static DateTimeOffset? ReadSwitchedAt(Dictionary<string, JsonElement> fields, string path, string prefix)
    {
        if (!fields.TryGetValue(RoutingFields.SwitchedAt, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at))
        {
            return at;
        }

        throw new RoutingFileException(path, prefix + RoutingFields.SwitchedAt, $"must be an ISO 8601 time such as \"2026-11-21T10:00:00.123Z\", or null, not {Show(value)}");
    }

    private static string? ReadOptionalString(Dictionary<string, JsonElement> fields, string name, string path, string prefix)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new RoutingFileException(path, prefix + name, $"must be a string or null, not {Show(value)}");
    }

    private static JsonElement Required(Dictionary<string, JsonElement> fields, string name, string path, string prefix) =>
        fields.TryGetValue(name, out var value) ? value : throw new RoutingFileException(path, prefix + name, "is missing");

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
