using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Godwit.Routing;

/// <summary>Writes format 1: every field, in a fixed order, indented, with a trailing newline (shell tools read the file too).</summary>
internal static class RoutingJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        // The file is read by shells and humans, never embedded in HTML: keep '+', '&' and non-ASCII readable in URIs.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(RoutingState state)
    {
        Validate(state);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteNumber(RoutingFields.Format, state.Format);
            w.WriteString(RoutingFields.Primary, state.Primary == RoutingPrimary.Target ? RoutingFields.TargetValue : RoutingFields.SourceValue);
            w.WriteNumber(RoutingFields.Version, state.Version);
            WriteSwitchedAt(w, state.SwitchedAt);

            w.WriteString(RoutingFields.Source, state.Source);
            w.WriteString(RoutingFields.Target, state.Target);
            w.WriteString(RoutingFields.Stream, state.Stream);
            if (state.Tenants.Count > 0)
            {
                // Only a routing map has the object: a plain routing file stays exactly as before.
                w.WriteStartObject(RoutingFields.Tenants);
                foreach (var (tenant, route) in state.Tenants)
                {
                    w.WriteStartObject(tenant);
                    w.WriteString(RoutingFields.Primary, route.Primary == RoutingPrimary.Target ? RoutingFields.TargetValue : RoutingFields.SourceValue);
                    w.WriteNumber(RoutingFields.Version, route.Version);
                    WriteSwitchedAt(w, route.SwitchedAt);
                    w.WriteString(RoutingFields.Stream, route.Stream);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteSwitchedAt(Utf8JsonWriter w, DateTimeOffset? switchedAt)
    {
        if (switchedAt is { } at)
        {
            w.WriteString(RoutingFields.SwitchedAt, at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(RoutingFields.SwitchedAt);
        }
    }

    private static void Validate(RoutingState state)
    {
        if (state.Format != RoutingState.CurrentFormat)
        {
            throw new ArgumentException($"Format must be {RoutingState.CurrentFormat}, not {state.Format}.", nameof(state));
        }

        if (!Enum.IsDefined(state.Primary))
        {
            throw new ArgumentException($"Primary {(int)state.Primary} is neither Source nor Target.", nameof(state));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(state.Version, nameof(state) + "." + nameof(state.Version));
        foreach (var (tenant, route) in state.Tenants)
        {
            if (route.Version < 0 || route.Version > state.Version || !Enum.IsDefined(route.Primary))
            {
                throw new ArgumentException($"Tenant {tenant}: version {route.Version} must be between 0 and the file's version {state.Version}, and the primary Source or Target.", nameof(state));
            }
        }

        // The routing file is read by every app process, often world-readable: a password must never land in it.
        if (UnmaskedPassword.IsIn(state.Source) || UnmaskedPassword.IsIn(state.Target))
        {
            throw new ArgumentException("Source and Target must be URIs with their password masked (****).", nameof(state));
        }
    }
}
