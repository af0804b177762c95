using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Godwit.Core.Verify;

/// <summary>
/// One text per JSON value, whatever its spelling: keys sorted by code point (the last of duplicate keys wins, as
/// in jsonb), no insignificant whitespace, strings re-escaped one way (so <c>"\u00e9"</c> equals <c>"é"</c>),
/// numbers by value (<c>1.0</c>, <c>1</c> and <c>1e0</c> are equal: jsonb keeps <c>1.0</c> as written, MariaDB keeps
/// any spelling). MariaDB stores JSON as the text the application wrote; PostgreSQL's jsonb normalizes it.
/// </summary>
public static class JsonCanonicalizer
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The canonical text, or null when the text is not JSON (then it is compared as written).</summary>
    public static string? Normalize(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 512 });
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                Write(writer, doc.RootElement);
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new SortedDictionary<string, JsonElement>(Comparer<string>.Create(CodePointComparer.Compare));
                foreach (var p in element.EnumerateObject())
                {
                    members[p.Name] = p.Value;
                }

                writer.WriteStartObject();
                foreach (var (name, value) in members)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(Number(element.GetRawText()), skipInputValidation: true);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    // By value: exact decimals without trailing zeros; beyond decimal's range, the double's round-trip text.
    private static string Number(string raw)
    {
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return CanonicalValue.Decimal(d);
        }

        return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
    }
}
